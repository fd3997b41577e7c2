<?php
/**
 * What editors and administrators can read: a post's deliveries and the received events.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * Read endpoints.
 */
class Test_Webhook_Gateway_Bridge_Deliveries extends Webhook_Gateway_Bridge_Test_Case {

	/**
	 * A published post whose event was delivered (202), and a second event left failed (400).
	 *
	 * @return WP_Post
	 */
	private function post_with_a_delivered_and_a_failed_event() {
		$post = $this->create_post( array( 'post_status' => 'publish' ) );
		$this->answer( 202, array( 'status' => 'accepted' ) );
		do_action( Webhook_Gateway_Bridge_Sender::CRON_HOOK );
		wp_update_post( array( 'ID' => $post->ID, 'post_title' => 'Changed' ) );
		$this->answer( 400, array( 'status' => 'error', 'error' => 'no idempotency key' ) );
		do_action( Webhook_Gateway_Bridge_Sender::CRON_HOOK );
		$this->requests = array();
		return $post;
	}

	/**
	 * Deletes cached gateway statuses.
	 *
	 * @return void
	 */
	private function forget_cached_statuses() {
		global $wpdb;
		$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_%wgb\\_status\\_%'" ); // phpcs:ignore WordPress.DB
		wp_cache_flush();
	}

	protected function setUp(): void {
		parent::setUp();
		$this->forget_cached_statuses();
	}

	public function test_an_editor_sees_the_posts_events_newest_first_with_the_gateway_status() {
		$post = $this->post_with_a_delivered_and_a_failed_event();
		$rows = $this->outbox_rows();
		$this->answer( 200, array( 'eventId' => 'wp-test:' . $rows[0]->idempotency_key, 'status' => 'SUCCEEDED', 'attempts' => 1 ) );
		$this->log_in( 'editor' );

		$response = $this->rest( 'GET', '/webhook-gateway/v1/posts/' . $post->ID . '/deliveries' );

		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame(
			array(
				array(
					'idempotencyKey' => $rows[1]->idempotency_key,
					'event'          => 'post.updated',
					'state'          => 'failed',
					'attempts'       => 1,
					'lastStatusCode' => 400,
					'updatedAt'      => str_replace( ' ', 'T', $rows[1]->updated_at ) . 'Z',
				),
				array(
					'idempotencyKey' => $rows[0]->idempotency_key,
					'event'          => 'post.published',
					'state'          => 'delivered',
					'attempts'       => 1,
					'lastStatusCode' => 202,
					'gatewayStatus'  => 'SUCCEEDED',
					'updatedAt'      => str_replace( ' ', 'T', $rows[0]->updated_at ) . 'Z',
				),
			),
			$data
		);
	}

	public function test_the_status_is_fetched_server_side_with_the_tenant_token_which_never_reaches_the_answer() {
		$post = $this->post_with_a_delivered_and_a_failed_event();
		$key  = $this->outbox_rows()[0]->idempotency_key;
		$this->answer( 200, array( 'status' => 'QUEUED' ) );
		$this->log_in( 'editor' );

		$response = $this->rest( 'GET', '/webhook-gateway/v1/posts/' . $post->ID . '/deliveries' );

		$this->assertSame( 'http://gateway.test/events/wp-test/' . $key, $this->requests[0]['url'] );
		$this->assertSame( 'Bearer phpunit-status-token', $this->requests[0]['headers']['Authorization'] );
		$this->assertStringNotContainsString( 'phpunit-status-token', wp_json_encode( $response->get_data() ) . wp_json_encode( $response->get_headers() ) );
	}

	public function test_a_final_gateway_status_is_cached_so_the_next_view_makes_no_call() {
		$post = $this->post_with_a_delivered_and_a_failed_event();
		$this->answer( 200, array( 'status' => 'SUCCEEDED' ) );
		$this->log_in( 'editor' );

		$this->rest( 'GET', '/webhook-gateway/v1/posts/' . $post->ID . '/deliveries' );
		$second = $this->rest( 'GET', '/webhook-gateway/v1/posts/' . $post->ID . '/deliveries' );

		$this->assertCount( 1, $this->requests );
		$this->assertSame( 'SUCCEEDED', $second->get_data()[1]['gatewayStatus'] );
	}

	public function test_an_unreachable_status_api_leaves_the_gateway_status_out() {
		$post = $this->post_with_a_delivered_and_a_failed_event();
		$this->answer_network_error();
		$this->log_in( 'editor' );

		$data = $this->rest( 'GET', '/webhook-gateway/v1/posts/' . $post->ID . '/deliveries' )->get_data();

		$this->assertArrayNotHasKey( 'gatewayStatus', $data[1] );
		$this->assertSame( 'delivered', $data[1]['state'] );
	}

	public function test_a_user_who_cannot_edit_the_post_is_refused() {
		$post = $this->post_with_a_delivered_and_a_failed_event();

		$this->log_in( 'author' );
		$author = $this->rest( 'GET', '/webhook-gateway/v1/posts/' . $post->ID . '/deliveries' )->get_status();
		$this->log_in( 'subscriber' );
		$subscriber = $this->rest( 'GET', '/webhook-gateway/v1/posts/' . $post->ID . '/deliveries' )->get_status();
		wp_set_current_user( 0 );
		$anonymous = $this->rest( 'GET', '/webhook-gateway/v1/posts/' . $post->ID . '/deliveries' )->get_status();

		$this->assertSame( array( 403, 403, 401 ), array( $author, $subscriber, $anonymous ) );
		$this->assertSame( array(), $this->requests );
	}

	public function test_received_events_are_listed_newest_first_for_administrators_only() {
		foreach ( array( 'wp-test:a', 'wp-test:b' ) as $id ) {
			$token = self::jwt( self::gateway_claims( $id ), WEBHOOK_GATEWAY_JWT_SECRET );
			$this->rest( 'POST', '/webhook-gateway/v1/events', wp_json_encode( self::forwarded_event( $id, array( 'event' => 'post.updated', 'post_id' => 7 ) ) ), array( 'Authorization' => 'Bearer ' . $token, 'Idempotency-Key' => $id ) );
		}

		$this->log_in( 'editor' );
		$editor = $this->rest( 'GET', '/webhook-gateway/v1/received' )->get_status();
		$this->log_in( 'admin' );
		$admin = $this->rest( 'GET', '/webhook-gateway/v1/received' );

		$this->assertSame( 403, $editor );
		$this->assertSame(
			array(
				array( 'eventId' => 'wp-test:b', 'sourceId' => 'wp-test', 'eventType' => 'post.updated', 'entityId' => '7', 'receivedAt' => '2026-12-01T10:00:01.123Z' ),
				array( 'eventId' => 'wp-test:a', 'sourceId' => 'wp-test', 'eventType' => 'post.updated', 'entityId' => '7', 'receivedAt' => '2026-12-01T10:00:01.123Z' ),
			),
			$admin->get_data()
		);
	}
}
