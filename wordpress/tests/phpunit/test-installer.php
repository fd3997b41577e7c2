<?php
/**
 * Activation creates what the plugin needs; uninstall removes all of it.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * Installer.
 */
class Test_Webhook_Gateway_Bridge_Installer extends Webhook_Gateway_Bridge_Test_Case {

	/**
	 * Whether a table exists.
	 *
	 * @param string $table Table name.
	 * @return bool
	 */
	private static function table_exists( $table ) {
		global $wpdb;
		return $table === $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table ) ) );
	}

	protected function tearDown(): void {
		// Leave the site as activation left it for the other tests.
		Webhook_Gateway_Bridge_Installer::activate();
		parent::tearDown();
	}

	public function test_activation_creates_both_tables_and_schedules_the_hourly_sweep() {
		Webhook_Gateway_Bridge_Installer::uninstall();

		Webhook_Gateway_Bridge_Installer::activate();

		$this->assertTrue( self::table_exists( Webhook_Gateway_Bridge_Outbox::table() ) );
		$this->assertTrue( self::table_exists( Webhook_Gateway_Bridge_Inbox::table() ) );
		$this->assertSame( 'hourly', wp_get_schedule( Webhook_Gateway_Bridge_Sender::CRON_HOOK ) );
		$this->assertSame( '1', get_option( 'webhook_gateway_bridge_db_version' ) );
	}

	public function test_activating_twice_keeps_the_data() {
		$this->create_post( array( 'post_status' => 'publish' ) );

		Webhook_Gateway_Bridge_Installer::activate();

		$this->assertCount( 1, $this->outbox_rows() );
	}

	public function test_uninstall_removes_tables_options_cached_statuses_post_meta_and_cron_events() {
		$post = $this->create_post( array( 'post_status' => 'publish' ) );
		update_post_meta( $post->ID, '_webhook_gateway_last_event', array( 'eventId' => 'x' ) );
		set_transient( 'wgb_status_0123', array( 'status' => 'SUCCEEDED' ), 60 );

		Webhook_Gateway_Bridge_Installer::uninstall();
		wp_cache_flush();

		$this->assertFalse( self::table_exists( Webhook_Gateway_Bridge_Outbox::table() ) );
		$this->assertFalse( self::table_exists( Webhook_Gateway_Bridge_Inbox::table() ) );
		$this->assertFalse( get_option( 'webhook_gateway_bridge_db_version' ) );
		$this->assertFalse( get_transient( 'wgb_status_0123' ) );
		$this->assertSame( '', get_post_meta( $post->ID, '_webhook_gateway_last_event', true ) );
		$this->assertSame( array(), $this->scheduled_runs() );
	}
}
