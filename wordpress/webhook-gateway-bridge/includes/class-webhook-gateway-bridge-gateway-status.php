<?php
/**
 * Reads an event's status from the gateway's status API, server-side: the tenant token never
 * reaches a browser. Answers are cached briefly so an edit screen does not call the gateway per view.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

/**
 * Client of `GET <status base><sourceId>/<idempotencyKey>`.
 */
final class Webhook_Gateway_Bridge_Gateway_Status {

	const CACHE_PREFIX = 'wgb_status_';

	/**
	 * Statuses that only change when someone replays the event.
	 *
	 * @var string[]
	 */
	const FINAL_STATUSES = array( 'SUCCEEDED', 'DEAD_LETTERED', 'SKIPPED_STALE' );

	/**
	 * Cache lifetime of a final status, in seconds.
	 */
	const FINAL_TTL = 300;

	/**
	 * Cache lifetime of a status still moving (and of a failed lookup), in seconds.
	 */
	const MOVING_TTL = 5;

	/**
	 * The gateway's status of an event: its `status` field, or null when unknown or unreachable.
	 *
	 * @param string $source_id       Gateway source id.
	 * @param string $idempotency_key The event's Idempotency-Key.
	 * @return string|null
	 */
	public function status_of( $source_id, $idempotency_key ) {
		$base  = Webhook_Gateway_Bridge_Config::status_base();
		$token = Webhook_Gateway_Bridge_Config::get( Webhook_Gateway_Bridge_Config::STATUS_TOKEN );
		if ( '' === $base || '' === $token || '' === $source_id ) {
			return null;
		}
		$cache_key = self::CACHE_PREFIX . md5( $source_id . "\n" . $idempotency_key );
		$cached    = get_transient( $cache_key );
		if ( is_array( $cached ) ) {
			return $cached['status'];
		}
		$status = $this->fetch( $base, $token, $source_id, $idempotency_key );
		$ttl    = in_array( $status, self::FINAL_STATUSES, true ) ? self::FINAL_TTL : self::MOVING_TTL;
		/**
		 * Filters how long a gateway status is cached, in seconds (0 or less: not cached).
		 *
		 * @param int         $ttl    Default: 300 for a final status, 5 otherwise.
		 * @param string|null $status The status, null when the lookup failed.
		 */
		$ttl = (int) apply_filters( 'webhook_gateway_status_cache_seconds', $ttl, $status );
		if ( $ttl > 0 ) {
			set_transient( $cache_key, array( 'status' => $status ), $ttl );
		}
		return $status;
	}

	/**
	 * One call to the status API.
	 *
	 * @param string $base            Status API base, ending in a slash.
	 * @param string $token           Tenant status token.
	 * @param string $source_id       Gateway source id.
	 * @param string $idempotency_key Key.
	 * @return string|null
	 */
	private function fetch( $base, $token, $source_id, $idempotency_key ) {
		$response = wp_remote_get(
			$base . rawurlencode( $source_id ) . '/' . rawurlencode( $idempotency_key ),
			array(
				'headers'     => array( 'Authorization' => 'Bearer ' . $token ),
				'timeout'     => 3,
				'redirection' => 0,
			)
		);
		if ( is_wp_error( $response ) || 200 !== (int) wp_remote_retrieve_response_code( $response ) ) {
			return null;
		}
		$data   = json_decode( wp_remote_retrieve_body( $response ), true );
		$status = is_array( $data ) ? ( $data['status'] ?? null ) : null;
		return is_string( $status ) && preg_match( '/^[A-Z_]{1,32}$/', $status ) ? $status : null;
	}
}
