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
	 * The forward receiver.
	 *
	 * @var Webhook_Gateway_Bridge_Receiver
	 */
	private $receiver;

	/**
	 * Deliveries of a post.
	 *
	 * @var Webhook_Gateway_Bridge_Deliveries
	 */
	private $deliveries;

	/**
	 * Received events.
	 *
	 * @var Webhook_Gateway_Bridge_Inbox
	 */
	private $inbox;

	/**
	 * Constructor.
	 *
	 * @param Webhook_Gateway_Bridge_Receiver   $receiver   The forward receiver.
	 * @param Webhook_Gateway_Bridge_Deliveries $deliveries Deliveries of a post.
	 * @param Webhook_Gateway_Bridge_Inbox      $inbox      Received events.
	 */
	public function __construct( Webhook_Gateway_Bridge_Receiver $receiver, Webhook_Gateway_Bridge_Deliveries $deliveries, Webhook_Gateway_Bridge_Inbox $inbox ) {
		$this->receiver   = $receiver;
		$this->deliveries = $deliveries;
		$this->inbox      = $inbox;
	}

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
		register_rest_route(
			self::NAMESPACE_V1,
			'/posts/(?P<id>\d+)/deliveries',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_deliveries' ),
				'permission_callback' => array( $this, 'can_see_deliveries' ),
				'args'                => array(
					'id' => array(
						'type'     => 'integer',
						'minimum'  => 1,
						'required' => true,
					),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE_V1,
			'/received',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_received' ),
				'permission_callback' => array( $this, 'can_see_received' ),
				'args'                => array(
					'per_page' => array(
						'type'    => 'integer',
						'minimum' => 1,
						'maximum' => 100,
						'default' => 50,
					),
				),
			)
		);
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
		$response = new WP_REST_Response( $this->deliveries->for_post( (int) $request['id'] ), 200 );
		// Carries the gateway's status, fetched with the tenant token: no shared caches.
		$response->header( 'Cache-Control', 'private, no-store' );
		return $response;
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
		$response = new WP_REST_Response( $list, 200 );
		$response->header( 'Cache-Control', 'private, no-store' );
		return $response;
	}
}
