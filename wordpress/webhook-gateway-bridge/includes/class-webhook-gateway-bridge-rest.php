<?php
/**
 * The plugin's REST routes under `webhook-gateway/v1`.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

/**
 * Registers the receiver and the two read endpoints.
 */
final class Webhook_Gateway_Bridge_Rest {

	const NAMESPACE_V1 = 'webhook-gateway/v1';

	/**
	 * Constructor.
	 *
	 * @param Webhook_Gateway_Bridge_Receiver   $receiver   The forward receiver.
	 * @param Webhook_Gateway_Bridge_Deliveries $deliveries Deliveries of a post.
	 * @param Webhook_Gateway_Bridge_Inbox      $inbox      Received events.
	 */
	public function __construct(
		private readonly Webhook_Gateway_Bridge_Receiver $receiver,
		private readonly Webhook_Gateway_Bridge_Deliveries $deliveries,
		private readonly Webhook_Gateway_Bridge_Inbox $inbox
	) {}

	/**
	 * `rest_api_init`.
	 *
	 * @return void
	 */
	public function register_routes() {
		register_rest_route(
			self::NAMESPACE_V1,
			'/events',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this->receiver, 'handle' ),
				// The caller is the gateway, not a WordPress user: the handler checks its signed token.
				'permission_callback' => '__return_true',
			)
		);
		$this->register_read_route(
			'/posts/(?P<id>\d+)/deliveries',
			'get_deliveries',
			'can_see_deliveries',
			array(
				'id' => array(
					'type'     => 'integer',
					'minimum'  => 1,
					'required' => true,
				),
			)
		);
		$this->register_read_route(
			'/received',
			'get_received',
			'can_see_received',
			array(
				'per_page' => array(
					'type'    => 'integer',
					'minimum' => 1,
					'maximum' => 100,
					'default' => 50,
				),
			)
		);
	}

	/**
	 * Registers a GET route of this class.
	 *
	 * @param string              $route      Route under the namespace.
	 * @param string              $callback   Method that answers.
	 * @param string              $permission Method that says whether the current user may ask.
	 * @param array<string,mixed> $args       The route's path or query arguments.
	 * @return void
	 */
	private function register_read_route( $route, $callback, $permission, array $args ) {
		register_rest_route(
			self::NAMESPACE_V1,
			$route,
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, $callback ),
				'permission_callback' => array( $this, $permission ),
				'args'                => $args,
			)
		);
	}

	/**
	 * A 200 answer that no shared cache keeps.
	 *
	 * @param array<int,array<string,mixed>> $data The answer's body.
	 * @return WP_REST_Response
	 */
	private static function private_response( array $data ) {
		$response = new WP_REST_Response( $data, 200 );
		$response->header( 'Cache-Control', 'private, no-store' );
		return $response;
	}

	/**
	 * Only users who can edit the post see its deliveries.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return bool
	 */
	public function can_see_deliveries( WP_REST_Request $request ) {
		$post = get_post( (int) $request['id'] );
		return $post instanceof WP_Post && current_user_can( 'edit_post', $post->ID );
	}

	/**
	 * `GET /posts/{id}/deliveries`.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_deliveries( WP_REST_Request $request ) {
		// Carries the gateway's status, fetched with the tenant token: no shared caches.
		return self::private_response( $this->deliveries->for_post( (int) $request['id'] ) );
	}

	/**
	 * Only administrators see what the gateway delivered.
	 *
	 * @return bool
	 */
	public function can_see_received() {
		return current_user_can( 'manage_options' );
	}

	/**
	 * `GET /received`: `[{eventId, sourceId, eventType, entityId, receivedAt}]`, newest first.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response
	 */
	public function get_received( WP_REST_Request $request ) {
		$list = array();
		foreach ( $this->inbox->latest( (int) $request['per_page'] ) as $row ) {
			$list[] = array(
				'eventId'    => $row->event_id,
				'sourceId'   => $row->source_id,
				'eventType'  => $row->event_type,
				'entityId'   => $row->entity_id,
				'receivedAt' => $row->received_at,
			);
		}
		return self::private_response( $list );
	}
}
