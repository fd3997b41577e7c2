<?php
/**
 * Creates the plugin's tables on activation (dbDelta) and removes everything on uninstall.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

/**
 * Activation, upgrade, deactivation and uninstall.
 */
final class Webhook_Gateway_Bridge_Installer {

	const DB_VERSION        = '1';
	const DB_VERSION_OPTION = 'webhook_gateway_bridge_db_version';

	/**
	 * Activation hook.
	 *
	 * @return void
	 */
	public static function activate() {
		self::create_tables();
		// An hourly safety net: should a scheduled single run ever be lost, due rows still go out.
		if ( ! wp_next_scheduled( Webhook_Gateway_Bridge_Sender::CRON_HOOK ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'hourly', Webhook_Gateway_Bridge_Sender::CRON_HOOK );
		}
	}

	/**
	 * Runs dbDelta when the stored schema version is older than this code's.
	 *
	 * @return void
	 */
	public static function maybe_upgrade() {
		if ( get_option( self::DB_VERSION_OPTION ) !== self::DB_VERSION ) {
			self::create_tables();
		}
	}

	/**
	 * Deactivation hook: stop the cron runs, keep the data (uninstall removes it).
	 *
	 * @return void
	 */
	public static function deactivate() {
		wp_unschedule_hook( Webhook_Gateway_Bridge_Sender::CRON_HOOK );
	}

	/**
	 * Creates or updates both tables.
	 *
	 * @return void
	 */
	public static function create_tables() {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$collate = $wpdb->get_charset_collate();
		dbDelta( Webhook_Gateway_Bridge_Outbox::schema( $collate ) );
		dbDelta( Webhook_Gateway_Bridge_Inbox::schema( $collate ) );
		update_option( self::DB_VERSION_OPTION, self::DB_VERSION, false );
	}

	/**
	 * Removes what activation and use created: tables, options, cached statuses, post meta, cron.
	 *
	 * @return void
	 */
	public static function uninstall() {
		global $wpdb;
		wp_unschedule_hook( Webhook_Gateway_Bridge_Sender::CRON_HOOK );
		// phpcs:disable WordPress.DB.DirectDatabaseQuery.SchemaChange, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- removing the plugin's own tables.
		$wpdb->query( 'DROP TABLE IF EXISTS ' . Webhook_Gateway_Bridge_Outbox::table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- table names cannot be placeholders; both are built from $wpdb->prefix.
		$wpdb->query( 'DROP TABLE IF EXISTS ' . Webhook_Gateway_Bridge_Inbox::table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- as above.
		$wpdb->query(
			$wpdb->prepare(
				"DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s",
				$wpdb->esc_like( '_transient_' . Webhook_Gateway_Bridge_Gateway_Status::CACHE_PREFIX ) . '%',
				$wpdb->esc_like( '_transient_timeout_' . Webhook_Gateway_Bridge_Gateway_Status::CACHE_PREFIX ) . '%'
			)
		);
		// phpcs:enable
		delete_option( self::DB_VERSION_OPTION );
		delete_post_meta_by_key( Webhook_Gateway_Bridge_Receiver::META_LAST_EVENT );
	}
}
