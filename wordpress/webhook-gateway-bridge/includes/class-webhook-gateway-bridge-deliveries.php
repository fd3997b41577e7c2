<?php
/**
 * A post's events as editors see them: the plugin's delivery state and, once the gateway has the
 * event, the gateway's own status. Shared by the REST endpoint and the meta box.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

/**
 * Builds the deliveries list of a post.
 */
final class Webhook_Gateway_Bridge_Deliveries {

	/**
	 * At most this many events are listed (each may cost a status lookup).
	 */
	const LIMIT = 20;

	/**
	 * Constructor.
	 *
	 * @param Webhook_Gateway_Bridge_Outbox         $outbox         The outbox.
	 * @param Webhook_Gateway_Bridge_Gateway_Status $gateway_status Status API client.
	 */
	public function __construct(
		private readonly Webhook_Gateway_Bridge_Outbox $outbox,
		private readonly Webhook_Gateway_Bridge_Gateway_Status $gateway_status
	) {}

	/**
	 * The post's events, newest first:
	 * `{idempotencyKey, event, state, attempts, lastStatusCode, gatewayStatus?, updatedAt}`.
	 *
	 * @param int $post_id Post id.
	 * @return array<int,array<string,mixed>>
	 */
	public function for_post( $post_id ) {
		$list = array();
		foreach ( $this->outbox->for_post( $post_id, self::LIMIT ) as $row ) {
			$item = array(
				'idempotencyKey' => $row->idempotency_key,
				'event'          => $row->event,
				'state'          => $row->state,
				'attempts'       => (int) $row->attempts,
				'lastStatusCode' => null === $row->last_status_code ? null : (int) $row->last_status_code,
			);
			// Only a delivered event exists at the gateway; asking about the others would be a 404.
			if ( Webhook_Gateway_Bridge_Retry_Policy::DELIVERED === $row->state ) {
				$status = $this->gateway_status->status_of( $row->source_id, $row->idempotency_key );
				if ( null !== $status ) {
					$item['gatewayStatus'] = $status;
				}
			}
			$item['updatedAt'] = gmdate( 'Y-m-d\TH:i:s\Z', (int) strtotime( $row->updated_at . ' UTC' ) );
			$list[]            = $item;
		}
		return $list;
	}

	/**
	 * The last error of a row, for the meta box (never part of the REST answer).
	 *
	 * @param int $post_id Post id.
	 * @return array<string,string> Idempotency-Key => last error.
	 */
	public function errors_for_post( $post_id ) {
		$errors = array();
		foreach ( $this->outbox->for_post( $post_id, self::LIMIT ) as $row ) {
			if ( '' !== $row->last_error ) {
				$errors[ $row->idempotency_key ] = $row->last_error;
			}
		}
		return $errors;
	}
}
