<?php
/**
 * Recording post events in the outbox and delivering them from cron.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * Sender and outbox.
 */
class Test_Webhook_Gateway_Bridge_Sender extends Webhook_Gateway_Bridge_Test_Case {

	/**
	 * Runs the cron hook as wp-cron.php does.
	 *
	 * @return void
	 */
	private function run_cron() {
		do_action( Webhook_Gateway_Bridge_Sender::CRON_HOOK, time() );
	}

	/**
	 * The events recorded, oldest first.
	 *
	 * @return string[]
	 */
	private function recorded_events() {
		return array_column( $this->outbox_rows(), 'event' );
	}

	public function test_publishing_a_post_records_one_pending_event_with_a_uuid_key() {
		$post = $this->create_post( array( 'post_status' => 'publish' ) );

		$rows = $this->outbox_rows();

		$this->assertCount( 1, $rows );
		$this->assertSame( array( 'post.published', 'pending', '0', (string) $post->ID, 'wp-test' ), array( $rows[0]->event, $rows[0]->state, $rows[0]->attempts, $rows[0]->post_id, $rows[0]->source_id ) );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/', $rows[0]->idempotency_key );
		$this->assertSame( 'post.published', json_decode( $rows[0]->body, true )['event'] );
	}

	public function test_publishing_schedules_a_delivery_run_right_away() {
		$this->create_post( array( 'post_status' => 'publish' ) );

		$runs = $this->scheduled_runs();

		$this->assertCount( 1, $runs );
		$this->assertLessThanOrEqual( time(), $runs[0] );
	}

	public function test_saving_a_draft_records_nothing() {
		$this->create_post( array( 'post_status' => 'draft' ) );

		$this->assertSame( array(), $this->outbox_rows() );
	}

	public function test_an_auto_draft_and_a_revision_record_nothing() {
		$post = $this->create_post( array( 'post_status' => 'auto-draft' ) );
		wp_update_post( array( 'ID' => $post->ID, 'post_status' => 'publish' ) );
		$published = count( $this->outbox_rows() );

		wp_update_post( array( 'ID' => $post->ID, 'post_content' => 'Changed for a revision' ) );
		$revisions = wp_get_post_revisions( $post->ID );

		$this->assertNotEmpty( $revisions );
		$this->assertSame( 1, $published );
		$this->assertSame( array( 'post.published', 'post.updated' ), $this->recorded_events() );
	}

	public function test_a_post_type_outside_the_configured_ones_records_nothing() {
		register_post_type( 'wgb_product', array( 'public' => true ) );
		$this->create_post( array( 'post_type' => 'wgb_product', 'post_status' => 'publish' ) );
		unregister_post_type( 'wgb_product' );

		$this->assertSame( array(), $this->outbox_rows() );
	}

	public function test_a_page_is_sent_by_default() {
		$this->create_post( array( 'post_type' => 'page', 'post_status' => 'publish' ) );

		$this->assertSame( array( 'post.published' ), $this->recorded_events() );
	}

	public function test_records_updated_unpublished_trashed_and_deleted_in_order() {
		$post = $this->create_post( array( 'post_status' => 'publish' ) );
		wp_update_post( array( 'ID' => $post->ID, 'post_title' => 'Renamed' ) );
		wp_update_post( array( 'ID' => $post->ID, 'post_status' => 'draft' ) );
		wp_update_post( array( 'ID' => $post->ID, 'post_status' => 'publish' ) );
		wp_trash_post( $post->ID );
		wp_delete_post( $post->ID, true );

		$this->assertSame(
			array( 'post.published', 'post.updated', 'post.unpublished', 'post.published', 'post.trashed', 'post.deleted' ),
			$this->recorded_events()
		);
	}

	public function test_deleting_a_draft_the_gateway_never_heard_of_records_nothing() {
		$post = $this->create_post( array( 'post_status' => 'draft' ) );

		wp_delete_post( $post->ID, true );

		$this->assertSame( array(), $this->outbox_rows() );
	}

	public function test_the_block_editors_meta_box_resave_records_nothing() {
		$post = $this->create_post( array( 'post_status' => 'publish' ) );
		$_GET['meta-box-loader'] = '1';

		wp_update_post( array( 'ID' => $post->ID, 'post_content' => 'Same save, meta boxes only' ) );

		$this->assertSame( array( 'post.published' ), $this->recorded_events() );
	}

	public function test_terms_saved_after_the_status_change_are_in_the_body() {
		// As the REST API saves a post: status first, terms afterwards, then wp_after_insert_post.
		$id = wp_insert_post( array( 'post_title' => 'Via REST', 'post_status' => 'publish', 'post_author' => $this->user_id( 'editor' ) ), true, false );
		wp_set_post_tags( $id, array( 'late-tag' ) );
		wp_after_insert_post( $id, false, null );

		$body = json_decode( $this->outbox_rows()[0]->body, true );
		wp_delete_post( $id, true );

		$this->assertSame( array( 'late-tag' ), $body['tags'] );
	}

	public function test_delivers_the_body_signed_for_the_wordpress_scheme_with_the_rows_key() {
		$this->create_post( array( 'post_status' => 'publish' ) );
		$row = $this->outbox_rows()[0];
		$this->answer( 202, array( 'status' => 'accepted', 'eventId' => 'wp-test:' . $row->idempotency_key ) );

		$this->run_cron();

		$this->assertCount( 1, $this->requests );
		$sent = $this->requests[0];
		$this->assertSame( array( 'http://gateway.test/webhooks/wp-test', 'POST', $row->body ), array( $sent['url'], $sent['method'], $sent['body'] ) );
		$this->assertSame( $row->idempotency_key, $sent['headers']['Idempotency-Key'] );
		$this->assertSame( 'application/json', $sent['headers']['Content-Type'] );
		$this->assertEqualsWithDelta( time(), (int) $sent['headers']['X-WP-Timestamp'], 2 );
		$this->assertSame(
			hash_hmac( 'sha256', $sent['headers']['X-WP-Timestamp'] . '.' . $row->body, 'phpunit-signing-secret' ),
			$sent['headers']['X-WP-Signature']
		);
		$after = $this->outbox_rows()[0];
		$this->assertSame( array( 'delivered', '1', '202', '' ), array( $after->state, $after->attempts, $after->last_status_code, $after->last_error ) );
	}

	public function test_a_200_duplicate_counts_as_delivered() {
		$this->create_post( array( 'post_status' => 'publish' ) );
		$this->answer( 200, array( 'status' => 'duplicate' ) );

		$this->run_cron();

		$this->assertSame( 'delivered', $this->outbox_rows()[0]->state );
	}

	public function test_a_5xx_leaves_the_row_pending_for_a_retry_in_a_minute() {
		$this->create_post( array( 'post_status' => 'publish' ) );
		$this->answer( 503, array( 'status' => 'error', 'error' => 'dependency unavailable' ) );

		$this->run_cron();

		$row = $this->outbox_rows()[0];
		$this->assertSame( array( 'pending', '1', '503', 'HTTP 503: dependency unavailable' ), array( $row->state, $row->attempts, $row->last_status_code, $row->last_error ) );
		$this->assertEqualsWithDelta( time() + 60, (int) $row->next_attempt_at, 2 );
		$this->assertContains( (int) $row->next_attempt_at, $this->scheduled_runs() );
	}

	public function test_a_network_error_leaves_the_row_pending() {
		$this->create_post( array( 'post_status' => 'publish' ) );
		$this->answer_network_error();

		$this->run_cron();

		$row = $this->outbox_rows()[0];
		$this->assertSame( array( 'pending', null ), array( $row->state, $row->last_status_code ) );
		$this->assertStringStartsWith( 'no answer: cURL error 7', $row->last_error );
	}

	public function test_honours_retry_after_on_429() {
		$this->create_post( array( 'post_status' => 'publish' ) );
		$this->answer( 429, array( 'status' => 'error' ), array( 'retry-after' => '900' ) );

		$this->run_cron();

		$this->assertEqualsWithDelta( time() + 900, (int) $this->outbox_rows()[0]->next_attempt_at, 2 );
	}

	public function test_a_401_fails_at_once_and_is_not_retried() {
		$this->create_post( array( 'post_status' => 'publish' ) );
		$this->answer( 401, array( 'status' => 'error', 'error' => 'invalid signature' ) );

		$this->run_cron();
		$this->make_pending_rows_due();
		$this->run_cron();

		$row = $this->outbox_rows()[0];
		$this->assertSame( array( 'failed', '1', 'HTTP 401 is not retried: invalid signature' ), array( $row->state, $row->attempts, $row->last_error ) );
		$this->assertCount( 1, $this->requests );
	}

	public function test_a_retry_sends_the_same_body_and_key_signed_with_a_fresh_timestamp() {
		$this->create_post( array( 'post_status' => 'publish' ) );
		$this->answer( 503 );
		$this->answer( 202, array( 'status' => 'accepted' ) );

		$this->run_cron();
		sleep( 1 );
		$this->make_pending_rows_due();
		$this->run_cron();

		list( $first, $second ) = $this->requests;
		$this->assertSame( $first['body'], $second['body'] );
		$this->assertSame( $first['headers']['Idempotency-Key'], $second['headers']['Idempotency-Key'] );
		$this->assertGreaterThan( (int) $first['headers']['X-WP-Timestamp'], (int) $second['headers']['X-WP-Timestamp'] );
		$this->assertSame(
			hash_hmac( 'sha256', $second['headers']['X-WP-Timestamp'] . '.' . $second['body'], 'phpunit-signing-secret' ),
			$second['headers']['X-WP-Signature']
		);
		$this->assertSame( array( 'delivered', '2' ), array( $this->outbox_rows()[0]->state, $this->outbox_rows()[0]->attempts ) );
	}

	public function test_the_fifth_failed_attempt_fails_the_row() {
		$this->create_post( array( 'post_status' => 'publish' ) );
		for ( $attempt = 1; $attempt <= 5; $attempt++ ) {
			$this->answer( 500 );
			$this->make_pending_rows_due();
			$this->run_cron();
		}

		$row = $this->outbox_rows()[0];
		$this->assertSame( array( 'failed', '5', 'HTTP 500; gave up after 5 attempts' ), array( $row->state, $row->attempts, $row->last_error ) );
	}

	public function test_a_posts_later_event_waits_until_its_earlier_event_went_out() {
		$post = $this->create_post( array( 'post_status' => 'publish' ) );
		wp_trash_post( $post->ID );
		$this->answer( 503 );

		$this->run_cron();
		$held_back = count( $this->requests );
		$this->answer( 202 );
		$this->answer( 202 );
		$this->make_pending_rows_due();
		$this->run_cron();

		$this->assertSame( 1, $held_back );
		$this->assertSame(
			array( 'post.published', 'post.published', 'post.trashed' ),
			array_map(
				static function ( $request ) {
					return json_decode( $request['body'], true )['event'];
				},
				$this->requests
			)
		);
	}

	public function test_a_row_claimed_by_one_run_cannot_be_claimed_by_another() {
		$this->create_post( array( 'post_status' => 'publish' ) );
		$id = (int) $this->outbox_rows()[0]->id;

		$first  = $this->plugin()->outbox->claim( $id, time() );
		$second = $this->plugin()->outbox->claim( $id, time() );

		$this->assertSame( array( true, false ), array( $first, $second ) );
	}

	public function test_retry_now_puts_failed_rows_back_with_a_fresh_schedule() {
		$post = $this->create_post( array( 'post_status' => 'publish' ) );
		$this->answer( 404, array( 'status' => 'error', 'error' => 'unknown source' ) );
		$this->run_cron();

		$count = $this->plugin()->sender->retry_post( $post->ID );

		$row = $this->outbox_rows()[0];
		$this->assertSame( array( 1, 'pending', '0', '' ), array( $count, $row->state, $row->attempts, $row->last_error ) );
		$this->assertLessThanOrEqual( time(), (int) $row->next_attempt_at );
	}

	public function test_the_test_event_is_delivered_at_once() {
		$this->answer( 202, array( 'status' => 'accepted' ) );

		$row = $this->plugin()->sender->send_test_event();

		$this->assertSame( array( 'test.ping', 'delivered', '0' ), array( $row->event, $row->state, $row->post_id ) );
		$this->assertSame( 'test.ping', json_decode( $this->requests[0]['body'], true )['event'] );
	}

	public function test_counts_rows_per_state() {
		$this->create_post( array( 'post_status' => 'publish' ) );
		$this->create_post( array( 'post_status' => 'publish' ) );
		$this->answer( 202 );
		$this->answer( 400 );
		$this->run_cron();
		$this->create_post( array( 'post_status' => 'publish' ) );

		$this->assertSame( array( 'pending' => 1, 'delivered' => 1, 'failed' => 1 ), $this->plugin()->outbox->counts() );
	}
}
