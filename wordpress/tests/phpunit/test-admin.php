<?php
/**
 * The admin side: meta box, failed-delivery notice, "retry now" and the settings page.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * Admin screens and actions.
 */
class Test_Webhook_Gateway_Bridge_Admin extends Webhook_Gateway_Bridge_Test_Case {

	/**
	 * A published post whose delivery failed for good (401).
	 *
	 * @return WP_Post
	 */
	private function post_with_a_failed_delivery() {
		$post = $this->create_post( array( 'post_status' => 'publish', 'post_title' => 'Failing' ) );
		$this->answer( 401, array( 'status' => 'error', 'error' => 'invalid <b>signature</b>' ) );
		do_action( Webhook_Gateway_Bridge_Sender::CRON_HOOK );
		return $post;
	}

	/**
	 * Output of a callable.
	 *
	 * @param callable $render Renders something.
	 * @return string
	 */
	private static function output_of( callable $render ) {
		ob_start();
		try {
			$render();
		} finally {
			$output = (string) ob_get_clean();
		}
		return $output;
	}

	/**
	 * Pretends the post's edit screen is shown.
	 *
	 * @param int $post_id Post id.
	 * @return void
	 */
	private static function on_edit_screen( $post_id ) {
		$_GET['post'] = (string) $post_id;
		set_current_screen( 'post' );
	}

	protected function tearDown(): void {
		$GLOBALS['current_screen'] = null;
		parent::tearDown();
	}

	public function test_the_meta_box_lists_events_escaped_with_a_retry_link_for_a_failed_one() {
		$post = $this->post_with_a_failed_delivery();
		$this->log_in( 'editor' );

		$html = self::output_of(
			function () use ( $post ) {
				$this->plugin()->status_box->render_meta_box( $post );
			}
		);

		$this->assertStringContainsString( '<code>post.published</code>', $html );
		$this->assertStringContainsString( 'Failed', $html );
		$this->assertStringContainsString( 'HTTP 401 is not retried: invalid signature', $html );
		$this->assertStringNotContainsString( '<b>', $html );
		$this->assertMatchesRegularExpression( '/admin-post\.php\?action=webhook_gateway_retry&#038;post=' . $post->ID . '&#038;_wpnonce=[0-9a-f]{10}"/', $html );
	}

	public function test_the_meta_box_is_added_only_for_users_who_can_edit_the_post() {
		global $wp_meta_boxes;
		$post = $this->create_post( array( 'post_status' => 'publish' ) );

		$this->log_in( 'author' );
		$wp_meta_boxes = array(); // phpcs:ignore WordPress.WP.GlobalVariablesOverride
		$this->plugin()->status_box->add_meta_box( 'post', $post );
		$for_author = isset( $wp_meta_boxes['post']['side']['default']['webhook-gateway-bridge'] );
		$this->log_in( 'editor' );
		$this->plugin()->status_box->add_meta_box( 'post', $post );
		$for_editor = isset( $wp_meta_boxes['post']['side']['default']['webhook-gateway-bridge'] );

		$this->assertSame( array( false, true ), array( $for_author, $for_editor ) );
	}

	public function test_a_failed_delivery_shows_a_notice_with_retry_now_on_the_posts_edit_screen() {
		$post = $this->post_with_a_failed_delivery();
		$this->log_in( 'editor' );
		self::on_edit_screen( $post->ID );

		$html = self::output_of( array( $this->plugin()->status_box, 'render_notice' ) );

		$this->assertStringContainsString( 'notice-error', $html );
		$this->assertStringContainsString( '1 event of this post could not be delivered to the webhook gateway.', $html );
		$this->assertStringContainsString( 'Retry now', $html );
	}

	/**
	 * What the plugin added after the block editor's notices script, for the current post.
	 *
	 * @param WP_Post $post The post being edited.
	 * @return string
	 */
	private function block_editor_script_for( WP_Post $post ) {
		$GLOBALS['post'] = $post; // phpcs:ignore WordPress.WP.GlobalVariablesOverride -- as the edit screen sets it.
		wp_scripts()->add_data( 'wp-notices', 'after', array() );
		try {
			$this->plugin()->status_box->enqueue_block_editor_notice();
			return implode( "\n", (array) wp_scripts()->get_data( 'wp-notices', 'after' ) );
		} finally {
			wp_scripts()->add_data( 'wp-notices', 'after', array() );
			unset( $GLOBALS['post'] );
		}
	}

	public function test_in_the_block_editor_a_failed_delivery_raises_a_notice_with_retry_now() {
		$post = $this->post_with_a_failed_delivery();
		$this->log_in( 'editor' );

		$script = $this->block_editor_script_for( $post );

		$this->assertStringContainsString( 'wp.data.dispatch( "core/notices" ).createNotice( "error", "1 event of this post could not be delivered to the webhook gateway."', $script );
		$this->assertStringContainsString( '{ label: "Retry now", url: ', $script );
		$this->assertStringContainsString( 'admin-post.php?action=webhook_gateway_retry\u0026post=' . $post->ID . '\u0026_wpnonce=', $script );
	}

	public function test_the_block_editor_gets_no_notice_without_a_failed_delivery_or_for_a_user_who_cannot_edit() {
		$delivered = $this->create_post( array( 'post_status' => 'publish' ) );
		$this->answer( 202 );
		do_action( Webhook_Gateway_Bridge_Sender::CRON_HOOK );
		$failed = $this->post_with_a_failed_delivery();

		$this->log_in( 'editor' );
		$for_delivered = $this->block_editor_script_for( $delivered );
		$this->log_in( 'author' );
		$for_author = $this->block_editor_script_for( $failed );

		$this->assertSame( array( '', '' ), array( $for_delivered, $for_author ) );
	}

	public function test_no_notice_for_a_user_who_cannot_edit_the_post() {
		$post = $this->post_with_a_failed_delivery();
		$this->log_in( 'author' );
		self::on_edit_screen( $post->ID );

		$this->assertSame( '', self::output_of( array( $this->plugin()->status_box, 'render_notice' ) ) );
	}

	public function test_retry_now_with_a_valid_nonce_requeues_and_returns_to_the_post() {
		$post = $this->post_with_a_failed_delivery();
		$this->log_in( 'editor' );
		$_GET['post']        = (string) $post->ID;
		$_REQUEST['_wpnonce'] = wp_create_nonce( 'webhook_gateway_retry_' . $post->ID );

		try {
			$this->plugin()->status_box->handle_retry();
			$this->fail( 'expected a redirect' );
		} catch ( Webhook_Gateway_Bridge_Test_Redirect $redirect ) {
			$location = $redirect->getMessage();
		}

		$this->assertStringContainsString( 'post.php?post=' . $post->ID . '&action=edit&webhook_gateway_retried=1', $location );
		$this->assertSame( 'pending', $this->outbox_rows()[0]->state );
	}

	/**
	 * "Retry now" requests the handler must refuse.
	 *
	 * @return array<string,array{string,bool}>
	 */
	public static function refused_retries() {
		return array(
			'without a valid nonce'              => array( 'editor', false ),
			'by a user who cannot edit the post' => array( 'author', true ),
		);
	}

	/**
	 * @dataProvider refused_retries
	 *
	 * @param string $login       Who asks.
	 * @param bool   $valid_nonce Whether the request carries the post's retry nonce.
	 */
	public function test_a_refused_retry_now_changes_nothing( $login, $valid_nonce ) {
		$post = $this->post_with_a_failed_delivery();
		$this->log_in( $login );
		$_GET['post']         = (string) $post->ID;
		$_REQUEST['_wpnonce'] = $valid_nonce ? wp_create_nonce( 'webhook_gateway_retry_' . $post->ID ) : 'forged';

		$this->expectException( Webhook_Gateway_Bridge_Test_Die::class );
		try {
			$this->plugin()->status_box->handle_retry();
		} finally {
			$this->assertSame( 'failed', $this->outbox_rows()[0]->state );
		}
	}

	public function test_the_settings_page_says_which_constants_are_set_without_showing_values() {
		$this->post_with_a_failed_delivery();
		$this->log_in( 'admin' );

		$html = self::output_of( array( $this->plugin()->settings, 'render_page' ) );

		$this->assertStringContainsString( '<code>WEBHOOK_GATEWAY_SECRET</code></th><td>set</td>', $html );
		$this->assertStringContainsString( '<code>WEBHOOK_GATEWAY_POST_TYPES</code></th><td>not set</td>', $html );
		$this->assertStringContainsString( '<td data-state="failed">1</td>', $html );
		$this->assertStringContainsString( 'name="_wpnonce"', $html );
		foreach ( array( WEBHOOK_GATEWAY_SECRET, WEBHOOK_GATEWAY_JWT_SECRET, WEBHOOK_GATEWAY_JWT_PREVIOUS_SECRET, WEBHOOK_GATEWAY_STATUS_TOKEN, WEBHOOK_GATEWAY_URL ) as $value ) {
			$this->assertStringNotContainsString( $value, $html );
		}
	}

	public function test_the_settings_page_is_for_administrators_only() {
		$this->log_in( 'editor' );

		$this->expectException( Webhook_Gateway_Bridge_Test_Die::class );
		self::output_of( array( $this->plugin()->settings, 'render_page' ) );
	}

	public function test_send_test_event_delivers_and_reports_the_gateways_answer() {
		$this->log_in( 'admin' );
		$_REQUEST['_wpnonce'] = wp_create_nonce( 'webhook_gateway_send_test' );
		$this->answer( 202, array( 'status' => 'accepted' ) );

		try {
			$this->plugin()->settings->handle_send_test();
			$this->fail( 'expected a redirect' );
		} catch ( Webhook_Gateway_Bridge_Test_Redirect $redirect ) {
			$location = $redirect->getMessage();
		}

		$this->assertStringEndsWith( 'options-general.php?page=webhook-gateway-bridge&webhook_gateway_test=delivered&webhook_gateway_code=202', $location );
		$this->assertSame( 'test.ping', json_decode( $this->requests[0]['body'], true )['event'] );
	}

	public function test_send_test_event_needs_the_nonce() {
		$this->log_in( 'admin' );
		$_REQUEST['_wpnonce'] = 'forged';

		$this->expectException( Webhook_Gateway_Bridge_Test_Die::class );
		try {
			$this->plugin()->settings->handle_send_test();
		} finally {
			$this->assertSame( array(), $this->requests );
		}
	}
}
