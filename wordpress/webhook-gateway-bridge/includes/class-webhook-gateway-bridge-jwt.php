<?php
/**
 * Verifies the gateway's forward tokens: HS256 JWTs with issuer `webhook-gateway`, the site's
 * origin as audience, a short expiry and a `kid` naming the key. Plain PHP (no WordPress call), so
 * the cross-language checks can load it on its own; it declares a class only.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * HS256 verification with a current and a previous key.
 */
final class Webhook_Gateway_Bridge_Jwt {

	const ISSUER = 'webhook-gateway';

	/**
	 * Clock difference tolerated between the gateway and the site, in seconds.
	 */
	const LEEWAY = 30;

	/**
	 * The key id the gateway puts in the token header: the first 16 hex of SHA-256 of the secret.
	 *
	 * @param string $secret JWT secret.
	 * @return string
	 */
	public static function key_id( $secret ) {
		return substr( hash( 'sha256', $secret ), 0, 16 );
	}

	/**
	 * Checks the token and returns its claims and which key matched.
	 *
	 * With a `kid` only the key it names is tried (so a token for an unknown key fails at once);
	 * without one the keys are tried current first, as during a rotation either may have signed it.
	 *
	 * @param string               $token    The compact JWT.
	 * @param array<string,string> $secrets  Key name (current|previous) => secret, current first.
	 * @param string               $audience The site's origin.
	 * @param int                  $now      Unix seconds.
	 * @return array{claims:array<string,mixed>,key:string}
	 * @throws Webhook_Gateway_Bridge_Jwt_Error When the token must not be trusted.
	 */
	public static function verify( $token, array $secrets, $audience, $now ) {
		$parts = explode( '.', $token );
		if ( 3 !== count( $parts ) ) {
			throw new Webhook_Gateway_Bridge_Jwt_Error( 'not a compact JWT' );
		}
		list( $encoded_header, $encoded_claims, $encoded_signature ) = $parts;
		$header    = self::decode_json( $encoded_header, 'header' );
		$claims    = self::decode_json( $encoded_claims, 'claims' );
		$signature = self::base64url_decode( $encoded_signature );
		if ( null === $signature ) {
			throw new Webhook_Gateway_Bridge_Jwt_Error( 'signature is not base64url' );
		}
		// The algorithm is fixed: a token's own `alg` must never choose how it is checked.
		if ( ( $header['alg'] ?? null ) !== 'HS256' ) {
			throw new Webhook_Gateway_Bridge_Jwt_Error( 'alg is not HS256' );
		}

		$candidates = array_filter( $secrets, 'strlen' );
		if ( array() === $candidates ) {
			throw new Webhook_Gateway_Bridge_Jwt_Error( 'no JWT secret configured' );
		}
		if ( array_key_exists( 'kid', $header ) ) {
			$kid        = $header['kid'];
			$candidates = array_filter(
				$candidates,
				static function ( $secret ) use ( $kid ) {
					return is_string( $kid ) && hash_equals( self::key_id( $secret ), $kid );
				}
			);
			if ( array() === $candidates ) {
				throw new Webhook_Gateway_Bridge_Jwt_Error( 'kid names no configured key' );
			}
		}

		$signed  = $encoded_header . '.' . $encoded_claims;
		$matched = null;
		foreach ( $candidates as $name => $secret ) {
			if ( hash_equals( hash_hmac( 'sha256', $signed, $secret, true ), $signature ) ) {
				$matched = (string) $name;
				break;
			}
		}
		if ( null === $matched ) {
			throw new Webhook_Gateway_Bridge_Jwt_Error( 'signature does not match' );
		}

		self::check_claims( $claims, $audience, $now );
		return array(
			'claims' => $claims,
			'key'    => $matched,
		);
	}

	/**
	 * Issuer, audience and the time claims.
	 *
	 * @param array<string,mixed> $claims   Decoded claims.
	 * @param string              $audience Expected audience.
	 * @param int                 $now      Unix seconds.
	 * @return void
	 * @throws Webhook_Gateway_Bridge_Jwt_Error When a claim is wrong.
	 */
	private static function check_claims( array $claims, $audience, $now ) {
		if ( ( $claims['iss'] ?? null ) !== self::ISSUER ) {
			throw new Webhook_Gateway_Bridge_Jwt_Error( 'wrong issuer' );
		}
		$aud = $claims['aud'] ?? null;
		if ( ! ( $aud === $audience || ( is_array( $aud ) && in_array( $audience, $aud, true ) ) ) ) {
			throw new Webhook_Gateway_Bridge_Jwt_Error( 'wrong audience' );
		}
		// A token without an expiry would be good forever.
		if ( ! isset( $claims['exp'] ) || ! is_int( $claims['exp'] ) ) {
			throw new Webhook_Gateway_Bridge_Jwt_Error( 'no exp' );
		}
		if ( $now >= $claims['exp'] + self::LEEWAY ) {
			throw new Webhook_Gateway_Bridge_Jwt_Error( 'expired' );
		}
		foreach ( array( 'nbf', 'iat' ) as $name ) {
			if ( isset( $claims[ $name ] ) && ( ! is_int( $claims[ $name ] ) || $claims[ $name ] > $now + self::LEEWAY ) ) {
				throw new Webhook_Gateway_Bridge_Jwt_Error( $name . ' is in the future' );
			}
		}
	}

	/**
	 * Decodes one JSON object segment.
	 *
	 * @param string $segment Base64url text.
	 * @param string $what    For the error message.
	 * @return array<string,mixed>
	 * @throws Webhook_Gateway_Bridge_Jwt_Error When it is not a JSON object.
	 */
	private static function decode_json( $segment, $what ) {
		$json = self::base64url_decode( $segment );
		$data = null === $json ? null : json_decode( $json, true, 16 );
		if ( ! is_array( $data ) || ( array() !== $data && array_is_list( $data ) ) ) {
			throw new Webhook_Gateway_Bridge_Jwt_Error( $what . ' is not a JSON object' );
		}
		return $data;
	}

	/**
	 * Strict base64url (no padding, no other characters).
	 *
	 * @param string $text Encoded text.
	 * @return string|null Null when the text is not base64url.
	 */
	private static function base64url_decode( $text ) {
		if ( '' === $text || ! preg_match( '/^[A-Za-z0-9_-]+$/', $text ) ) {
			return null;
		}
		$decoded = base64_decode( strtr( $text, '-_', '+/' ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- JWT segments are base64url.
		return false === $decoded ? null : $decoded;
	}
}
