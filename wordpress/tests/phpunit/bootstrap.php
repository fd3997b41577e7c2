<?php
/**
 * Loads the throwaway test site (WGB_WP_DIR, started by tests/bin/site) with the plugin active and
 * its constants set to test values. The gateway is never called: tests answer HTTP themselves.
 *
 * @package Webhook_Gateway_Bridge
 */

$webhook_gateway_bridge_site = getenv( 'WGB_WP_DIR' );
if ( false === $webhook_gateway_bridge_site || ! is_file( $webhook_gateway_bridge_site . '/wp-load.php' ) ) {
	fwrite( STDERR, "Set WGB_WP_DIR to a test site's WordPress folder (start one with wordpress/tests/bin/site start <dir>).\n" );
	exit( 1 );
}

define( 'WEBHOOK_GATEWAY_URL', 'http://gateway.test/webhooks/wp-test' );
define( 'WEBHOOK_GATEWAY_SECRET', 'phpunit-signing-secret' );
define( 'WEBHOOK_GATEWAY_JWT_SECRET', 'phpunit-jwt-current-0123456789abcdef' );
define( 'WEBHOOK_GATEWAY_JWT_PREVIOUS_SECRET', 'phpunit-jwt-previous-0123456789abcdef' );
define( 'WEBHOOK_GATEWAY_STATUS_URL', 'http://gateway.test/events' );
define( 'WEBHOOK_GATEWAY_STATUS_TOKEN', 'phpunit-status-token' );

$_SERVER['HTTP_HOST']       = '127.0.0.1';
$_SERVER['REQUEST_URI']     = '/';
$_SERVER['REQUEST_METHOD']  = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';

require $webhook_gateway_bridge_site . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-test-case.php';

// REST routes are registered on first use of the server, as in a real request.
rest_get_server();
