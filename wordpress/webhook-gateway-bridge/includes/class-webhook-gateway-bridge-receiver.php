<?php
/**
 * The receiver of the gateway's `forward` action: `POST /webhook-gateway/v1/events`.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

/**
 * Verifies the token, dedupes by Idempotency-Key, records the event, updates the post it names and
 * fires `webhook_gateway_event`. A refused or malformed call records nothing.
 */
final class Webhook_Gateway_Bridge_Receiver {

	const META_LAST_EVENT = '_webhook_gateway_last_event';

	/**
	 * Larger bodies are refused before parsing (the gateway's own limit is far below).
	 */
	const MAX_BODY_BYTES = 1048576;

	/**
	 * Constructor.
	 *
	 * @param Webhook_Gateway_Bridge_Inbox $inbox Received events.
	 */
	public function __construct( private readonly Webhook_Gateway_Bridge_Inbox $inbox ) {}

	/**
	 * Exposes the last gateway event of a post read-only in the REST API (`meta` of the post).
	 *
	 * @return void
	 */
	public static function register_meta() {
		register_post_meta(
			'',
			self::META_LAST_EVENT,
			array(
				'type'          => 'object',
				'single'        => true,
				'description'   => __( 'The last event the webhook gateway delivered about this post.', 'webhook-gateway-bridge' ),
				'show_in_rest'  => array(
					'schema' => array(
						'type'                 => 'object',
						'additionalProperties' => false,
						'properties'           => array(
							'eventId'    => array( 'type' => 'string' ),
							'eventType'  => array( 'type' => 'string' ),
							'receivedAt' => array( 'type' => 'string' ),
							'recordedAt' => array( 'type' => 'string' ),
						),
					),
				),
				// Only the receiver writes it.
				'auth_callback' => '__return_false',
			)
		);
	}

	/**
	 * Handles one callback.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function handle( WP_REST_Request $request ) {
		$now    = time();
		$claims = $this->verify_token( $request, $now );
		if ( is_wp_error( $claims ) ) {
			return $claims;
		}
		$raw = $request->get_body();
		if ( strlen( $raw ) > self::MAX_BODY_BYTES ) {
			return self::error( 'webhook_gateway_too_large', __( 'The event is too large.', 'webhook-gateway-bridge' ), 413 );
		}

		$key = trim( (string) $request->get_header( 'idempotency_key' ) );
		$jti = $claims['jti'] ?? null;
		if ( '' === $key && is_string( $jti ) ) {
			$key = $jti;
		}
		// The token names the event it was issued for: it cannot carry another one.
		if ( null !== $jti && $jti !== $key ) {
			return $this->refuse( 'the token was issued for another event' );
		}

		$event = self::parse_event( $raw );
		if ( is_wp_error( $event ) ) {
			return $event;
		}
		if ( $event['eventId'] !== $key ) {
			return self::error( 'webhook_gateway_malformed', __( 'Idempotency-Key and eventId differ.', 'webhook-gateway-bridge' ), 400 );
		}

		$first = $this->inbox->result_for( $key );
		if ( null !== $first ) {
			return new WP_REST_Response( $first, 200 );
		}
		return $this->apply( $key, $event, $now );
	}

	/**
	 * Records the event and applies its effects, all or nothing.
	 *
	 * @param string              $key   Idempotency-Key.
	 * @param array<string,mixed> $event Sanitized event.
	 * @param int                 $now   Unix seconds.
	 * @return WP_REST_Response|WP_Error
	 */
	private function apply( $key, array $event, $now ) {
		global $wpdb;
		$post_id         = self::local_post_id( $event['payload'] );
		$event['postId'] = $post_id > 0 ? $post_id : null;
		$result          = array(
			'status'  => 'recorded',
			'eventId' => $key,
			'postId'  => $event['postId'],
		);

		// One transaction: a concurrent repeat waits on the key's row lock and then finds it, and an
		// exception in site code undoes the record so the gateway's retry applies the event again.
		$wpdb->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		try {
			if ( ! $this->inbox->claim( $key, $event, $post_id, $result, $now ) ) {
				$wpdb->query( 'ROLLBACK' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
				return new WP_REST_Response( $this->inbox->result_for( $key ) ?? $result, 200 );
			}
			if ( $post_id > 0 ) {
				update_post_meta(
					$post_id,
					self::META_LAST_EVENT,
					array(
						'eventId'    => $event['eventId'],
						'eventType'  => $event['eventType'],
						'receivedAt' => $event['receivedAt'],
						'recordedAt' => gmdate( 'Y-m-d\TH:i:s\Z', $now ),
					)
				);
			}
			/**
			 * Fires once per gateway event (a repeated callback does not fire it again).
			 *
			 * @param array $event {eventId, sourceId, tenant, eventType, entityId, receivedAt, payload,
			 *                     postId (the local post the payload's post_id names, or null)}, sanitized.
			 */
			do_action( 'webhook_gateway_event', $event );
			$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		} catch ( Throwable $error ) {
			$wpdb->query( 'ROLLBACK' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			// Tables without transactions keep the row: forget the key explicitly.
			$this->inbox->release( $key );
			self::log( 'an event handler failed: ' . $error->getMessage() );
			return self::error( 'webhook_gateway_handler_failed', __( 'The event could not be applied; it will be retried.', 'webhook-gateway-bridge' ), 500 );
		}
		return new WP_REST_Response( $result, 200 );
	}

	/**
	 * The token's claims, or a 401.
	 *
	 * @param WP_REST_Request $request The request.
	 * @param int             $now     Unix seconds.
	 * @return array<string,mixed>|WP_Error
	 */
	private function verify_token( WP_REST_Request $request, $now ) {
		$header = trim( (string) $request->get_header( 'authorization' ) );
		if ( ! preg_match( '/^Bearer\s+(\S+)$/i', $header, $match ) ) {
			return $this->refuse( 'no bearer token' );
		}
		try {
			$verified = Webhook_Gateway_Bridge_Jwt::verify( $match[1], Webhook_Gateway_Bridge_Config::jwt_secrets(), Webhook_Gateway_Bridge_Config::site_origin(), $now );
		} catch ( Webhook_Gateway_Bridge_Jwt_Error $error ) {
			return $this->refuse( $error->getMessage() );
		}
		return $verified['claims'];
	}

	/**
	 * A 401 with a generic message; the reason goes to the debug log only.
	 *
	 * @param string $reason Why.
	 * @return WP_Error
	 */
	private function refuse( $reason ) {
		self::log( 'callback refused: ' . $reason );
		return self::error( 'webhook_gateway_unauthorized', __( 'Invalid or missing token.', 'webhook-gateway-bridge' ), 401 );
	}

	/**
	 * Parses and sanitizes the forwarded event, or a 400.
	 *
	 * @param string $raw Request body.
	 * @return array<string,mixed>|WP_Error
	 */
	public static function parse_event( $raw ) {
		$data = json_decode( $raw, true, 32 );
		if ( ! is_array( $data ) || ! is_array( $data['payload'] ?? null ) ) {
			return self::malformed( 'payload' );
		}
		$rules = array(
			'eventId'    => '/^[\x21-\x7e]{1,512}$/',
			'sourceId'   => '/^[a-z0-9-]{1,64}$/',
			'tenant'     => '/^[A-Za-z0-9_.-]{1,64}$/',
			'eventType'  => '/^.{1,128}$/su',
			'entityId'   => '/^.{1,512}$/su',
			'receivedAt' => '/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/',
		);
		$event = array();
		foreach ( $rules as $field => $pattern ) {
			$value = $data[ $field ] ?? null;
			if ( ! is_string( $value ) || ! preg_match( $pattern, $value ) ) {
				return self::malformed( $field );
			}
			$event[ $field ] = sanitize_text_field( $value );
			if ( '' === $event[ $field ] ) {
				return self::malformed( $field );
			}
		}
		$event['payload'] = self::sanitize_value( $data['payload'] );
		return $event;
	}

	/**
	 * Sanitizes a decoded JSON value: text loses tags and control characters, numbers and booleans stay.
	 *
	 * @param mixed $value Decoded value.
	 * @return mixed
	 */
	private static function sanitize_value( $value ) {
		if ( is_array( $value ) ) {
			$clean = array();
			foreach ( $value as $key => $item ) {
				$clean[ is_int( $key ) ? $key : sanitize_text_field( (string) $key ) ] = self::sanitize_value( $item );
			}
			return $clean;
		}
		if ( is_string( $value ) ) {
			return sanitize_textarea_field( $value );
		}
		return is_int( $value ) || is_float( $value ) || is_bool( $value ) ? $value : null;
	}

	/**
	 * The local post the payload's `post_id` names, 0 when none.
	 *
	 * @param array<string,mixed> $payload Sanitized payload.
	 * @return int
	 */
	private static function local_post_id( array $payload ) {
		$id = $payload['post_id'] ?? null;
		if ( ! ( is_int( $id ) || ( is_string( $id ) && ctype_digit( $id ) ) ) || (int) $id <= 0 ) {
			return 0;
		}
		$post = get_post( (int) $id );
		return $post instanceof WP_Post && 'revision' !== $post->post_type ? (int) $post->ID : 0;
	}

	/**
	 * A 400 naming the field.
	 *
	 * @param string $field Field name.
	 * @return WP_Error
	 */
	private static function malformed( $field ) {
		/* translators: %s: name of a field of the forwarded event */
		return self::error( 'webhook_gateway_malformed', sprintf( __( 'Malformed event: %s is missing or invalid.', 'webhook-gateway-bridge' ), $field ), 400 );
	}

	/**
	 * A REST error.
	 *
	 * @param string $code    Error code.
	 * @param string $message Message.
	 * @param int    $status  HTTP status.
	 * @return WP_Error
	 */
	private static function error( $code, $message, $status ) {
		return new WP_Error( $code, $message, array( 'status' => $status ) );
	}

	/**
	 * Writes to the PHP error log when WP_DEBUG is on (never a token or a body).
	 *
	 * @param string $message Message.
	 * @return void
	 */
	private static function log( $message ) {
		if ( defined( 'WP_DEBUG' ) && WP_DEBUG ) {
			error_log( 'webhook-gateway-bridge: ' . $message ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log
		}
	}
}
