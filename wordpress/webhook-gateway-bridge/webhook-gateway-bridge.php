<?php
/**
 * Plugin Name:       Webhook Gateway Bridge
 * Description:       Sends signed post events to a webhook gateway, receives its JWT-verified callbacks and shows editors what happened to each event.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * Author:            webhook-gateway
 * License:           Apache-2.0
 * License URI:       https://www.apache.org/licenses/LICENSE-2.0
 * Text Domain:       webhook-gateway-bridge
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

define( 'WEBHOOK_GATEWAY_BRIDGE_VERSION', '0.1.0' );
define( 'WEBHOOK_GATEWAY_BRIDGE_FILE', __FILE__ );

// Checked before any class is loaded, so an old PHP fails with a notice instead of a parse error.
if ( version_compare( PHP_VERSION, '8.1', '<' ) || version_compare( $GLOBALS['wp_version'], '6.1', '<' ) ) {
	add_action(
		'admin_notices',
		static function () {
			if ( ! current_user_can( 'activate_plugins' ) ) {
				return;
			}
			printf(
				'<div class="notice notice-error"><p>%s</p></div>',
				esc_html__( 'Webhook Gateway Bridge needs PHP 8.1 and WordPress 6.1 or newer; it is not running.', 'webhook-gateway-bridge' )
			);
		}
	);
	return;
}

require_once __DIR__ . '/includes/class-webhook-gateway-bridge-plugin.php';

Webhook_Gateway_Bridge_Plugin::load( __FILE__ );
