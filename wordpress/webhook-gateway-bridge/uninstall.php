<?php
/**
 * Removes everything the plugin created: its tables, options, cached statuses, post meta and cron
 * events. Runs when the plugin is deleted from the Plugins screen.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/includes/class-webhook-gateway-bridge-plugin.php';

if ( is_multisite() ) {
	// Tables and meta are per site.
	foreach ( get_sites( array( 'fields' => 'ids' ) ) as $webhook_gateway_bridge_site ) {
		switch_to_blog( $webhook_gateway_bridge_site );
		Webhook_Gateway_Bridge_Installer::uninstall();
		restore_current_blog();
	}
} else {
	Webhook_Gateway_Bridge_Installer::uninstall();
}
