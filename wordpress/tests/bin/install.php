<?php
/**
 * Installs the throwaway test site from PHP CLI and prints what the tests need as JSON: users with
 * application passwords (REST over plain http is allowed because the environment type is local).
 *
 * Usage: php install.php <wordpress dir>
 *
 * @package Webhook_Gateway_Bridge
 */

if ( PHP_SAPI !== 'cli' || ! isset( $argv[1] ) ) {
	fwrite( STDERR, "usage: php install.php <wordpress dir>\n" );
	exit( 64 );
}

define( 'WP_INSTALLING', true );
$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
require $argv[1] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

wp_install( 'Webhook Gateway Test', 'admin', 'admin@example.test', false, '', wp_generate_password( 24 ) );

/**
 * Creates a user with an application password and returns that password.
 *
 * @param string $login User name.
 * @param string $role  Role.
 * @return array{id:int,password:string}
 */
function wgb_test_user( $login, $role ) {
	$user = get_user_by( 'login', $login );
	$id   = $user ? $user->ID : wp_insert_user(
		array(
			'user_login' => $login,
			'user_email' => $login . '@example.test',
			'user_pass'  => wp_generate_password( 24 ),
			'role'       => $role,
		)
	);
	if ( is_wp_error( $id ) ) {
		fwrite( STDERR, $id->get_error_message() . "\n" );
		exit( 1 );
	}
	$created = WP_Application_Passwords::create_new_application_password( $id, array( 'name' => 'tests' ) );
	if ( is_wp_error( $created ) ) {
		fwrite( STDERR, $created->get_error_message() . "\n" );
		exit( 1 );
	}
	return array(
		'id'       => (int) $id,
		'password' => $created[0],
	);
}

$admin      = wgb_test_user( 'admin', 'administrator' );
$editor     = wgb_test_user( 'editor', 'editor' );
$author     = wgb_test_user( 'author', 'author' );
$subscriber = wgb_test_user( 'subscriber', 'subscriber' );

$activated = activate_plugin( 'webhook-gateway-bridge/webhook-gateway-bridge.php' );
if ( is_wp_error( $activated ) ) {
	fwrite( STDERR, 'activation failed: ' . $activated->get_error_message() . "\n" );
	exit( 1 );
}

echo wp_json_encode(
	array(
		'WP_ADMIN_ID'                 => $admin['id'],
		'WP_ADMIN_APP_PASSWORD'       => $admin['password'],
		'WP_EDITOR_ID'                => $editor['id'],
		'WP_EDITOR_APP_PASSWORD'      => $editor['password'],
		'WP_AUTHOR_ID'                => $author['id'],
		'WP_AUTHOR_APP_PASSWORD'      => $author['password'],
		'WP_SUBSCRIBER_ID'            => $subscriber['id'],
		'WP_SUBSCRIBER_APP_PASSWORD'  => $subscriber['password'],
	)
), "\n";
