<?php
/**
 * The plugin's signer and JWT verifier on the command line, for the cross-language checks against
 * the gateway's TypeScript. Loads only the plain-PHP classes: no WordPress, no database.
 *
 * Usage: php vectors.php '<json request>'  →  JSON answer on stdout
 *   {"op":"sign","secret":…,"timestamp":…,"body":…,"key":…}
 *   {"op":"verify-jwt","token":…,"secrets":{"current":…,"previous":…},"audience":…,"now":…}
 *   {"op":"key-id","secret":…}
 *
 * @package Webhook_Gateway_Bridge
 */

$webhook_gateway_bridge_includes = dirname( __DIR__, 2 ) . '/webhook-gateway-bridge/includes';
require $webhook_gateway_bridge_includes . '/class-webhook-gateway-bridge-signer.php';
require $webhook_gateway_bridge_includes . '/class-webhook-gateway-bridge-jwt-error.php';
require $webhook_gateway_bridge_includes . '/class-webhook-gateway-bridge-jwt.php';

$webhook_gateway_bridge_request = json_decode( $argv[1] ?? '', true );
if ( ! is_array( $webhook_gateway_bridge_request ) ) {
	fwrite( STDERR, "usage: php vectors.php '<json request>'\n" );
	exit( 64 );
}

/**
 * Runs one request.
 *
 * @param array<string,mixed> $request Request.
 * @return array<string,mixed>
 */
function webhook_gateway_bridge_vector( array $request ) {
	switch ( $request['op'] ?? '' ) {
		case 'sign':
			return array(
				'headers' => Webhook_Gateway_Bridge_Signer::headers( $request['secret'], $request['body'], $request['key'], (int) $request['timestamp'] ),
			);
		case 'verify-jwt':
			try {
				$verified = Webhook_Gateway_Bridge_Jwt::verify( $request['token'], $request['secrets'], $request['audience'], (int) $request['now'] );
				return array(
					'ok'     => true,
					'key'    => $verified['key'],
					'claims' => $verified['claims'],
				);
			} catch ( Webhook_Gateway_Bridge_Jwt_Error $error ) {
				return array(
					'ok'    => false,
					'error' => $error->getMessage(),
				);
			}
		case 'key-id':
			return array( 'kid' => Webhook_Gateway_Bridge_Jwt::key_id( $request['secret'] ) );
		default:
			fwrite( STDERR, "unknown op\n" );
			exit( 64 );
	}
}

echo json_encode( webhook_gateway_bridge_vector( $webhook_gateway_bridge_request ), JSON_UNESCAPED_SLASHES ), "\n"; // phpcs:ignore WordPress.WP.AlternativeFunctions.json_encode_json_encode -- no WordPress loaded here.
