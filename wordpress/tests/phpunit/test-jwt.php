<?php
/**
 * Verification of the gateway's forward tokens.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * JWT.
 */
class Test_Webhook_Gateway_Bridge_Jwt extends Webhook_Gateway_Bridge_Test_Case {

	const CURRENT  = 'phpunit-jwt-current-0123456789abcdef';
	const PREVIOUS = 'phpunit-jwt-previous-0123456789abcdef';
	const ORIGIN   = 'https://blog.example';
	const NOW      = 1700000000;

	/**
	 * Both keys, current first.
	 *
	 * @return array<string,string>
	 */
	private static function keys() {
		return array(
			'current'  => self::CURRENT,
			'previous' => self::PREVIOUS,
		);
	}

	/**
	 * Valid claims for ORIGIN at NOW.
	 *
	 * @param array<string,mixed> $changes Claims to change.
	 * @return array<string,mixed>
	 */
	private static function claims( array $changes = array() ) {
		return array_merge(
			array(
				'iss' => 'webhook-gateway',
				'aud' => self::ORIGIN,
				'iat' => self::NOW,
				'exp' => self::NOW + 300,
				'jti' => 'wp-test:key-1',
			),
			$changes
		);
	}

	/**
	 * Verifies and returns the error message, or '' when the token passed.
	 *
	 * @param string $token Token.
	 * @return string
	 */
	private static function rejection( $token ) {
		try {
			Webhook_Gateway_Bridge_Jwt::verify( $token, self::keys(), self::ORIGIN, self::NOW );
			return '';
		} catch ( Webhook_Gateway_Bridge_Jwt_Error $error ) {
			return $error->getMessage();
		}
	}

	public function test_key_id_is_the_first_16_hex_of_the_secrets_sha256() {
		// Expected values from `sha256sum`.
		$this->assertSame( '255495eca17c40bd', Webhook_Gateway_Bridge_Jwt::key_id( self::CURRENT ) );
		$this->assertSame( '6b483ed6b42e9681', Webhook_Gateway_Bridge_Jwt::key_id( self::PREVIOUS ) );
	}

	public function test_accepts_a_token_signed_with_the_current_key_and_returns_its_claims() {
		$token = self::jwt( self::claims(), self::CURRENT, array( 'alg' => 'HS256', 'kid' => '255495eca17c40bd' ) );

		$verified = Webhook_Gateway_Bridge_Jwt::verify( $token, self::keys(), self::ORIGIN, self::NOW );

		$this->assertSame( 'current', $verified['key'] );
		$this->assertSame( 'wp-test:key-1', $verified['claims']['jti'] );
	}

	public function test_a_kid_naming_the_previous_key_verifies_with_the_previous_key() {
		$token = self::jwt( self::claims(), self::PREVIOUS, array( 'alg' => 'HS256', 'kid' => '6b483ed6b42e9681' ) );

		$this->assertSame( 'previous', Webhook_Gateway_Bridge_Jwt::verify( $token, self::keys(), self::ORIGIN, self::NOW )['key'] );
	}

	public function test_without_a_kid_the_previous_key_is_tried_after_the_current_one() {
		$token = self::jwt( self::claims(), self::PREVIOUS );

		$this->assertSame( 'previous', Webhook_Gateway_Bridge_Jwt::verify( $token, self::keys(), self::ORIGIN, self::NOW )['key'] );
	}

	public function test_rejects_a_kid_that_names_no_configured_key() {
		$token = self::jwt( self::claims(), self::CURRENT, array( 'alg' => 'HS256', 'kid' => '0000000000000000' ) );

		$this->assertSame( 'kid names no configured key', self::rejection( $token ) );
	}

	public function test_rejects_a_kid_that_names_the_other_key_than_the_one_that_signed() {
		$token = self::jwt( self::claims(), self::CURRENT, array( 'alg' => 'HS256', 'kid' => '6b483ed6b42e9681' ) );

		$this->assertSame( 'signature does not match', self::rejection( $token ) );
	}

	public function test_rejects_a_token_signed_with_an_unknown_secret() {
		$this->assertSame( 'signature does not match', self::rejection( self::jwt( self::claims(), 'someone-elses-secret' ) ) );
	}

	public function test_rejects_a_token_that_expired_more_than_the_leeway_ago() {
		$this->assertSame( 'expired', self::rejection( self::jwt( self::claims( array( 'exp' => self::NOW - 31 ) ), self::CURRENT ) ) );
	}

	public function test_accepts_a_token_that_expired_within_the_clock_leeway() {
		$this->assertSame( '', self::rejection( self::jwt( self::claims( array( 'exp' => self::NOW - 29 ) ), self::CURRENT ) ) );
	}

	public function test_rejects_a_token_without_an_expiry() {
		$claims = self::claims();
		unset( $claims['exp'] );

		$this->assertSame( 'no exp', self::rejection( self::jwt( $claims, self::CURRENT ) ) );
	}

	public function test_rejects_a_token_issued_in_the_future() {
		$this->assertSame( 'iat is in the future', self::rejection( self::jwt( self::claims( array( 'iat' => self::NOW + 120 ) ), self::CURRENT ) ) );
	}

	public function test_rejects_a_token_for_another_audience() {
		$this->assertSame( 'wrong audience', self::rejection( self::jwt( self::claims( array( 'aud' => 'https://other.example' ) ), self::CURRENT ) ) );
	}

	public function test_accepts_an_audience_list_that_contains_the_site() {
		$this->assertSame( '', self::rejection( self::jwt( self::claims( array( 'aud' => array( 'https://other.example', self::ORIGIN ) ) ), self::CURRENT ) ) );
	}

	public function test_rejects_another_issuer() {
		$this->assertSame( 'wrong issuer', self::rejection( self::jwt( self::claims( array( 'iss' => 'someone' ) ), self::CURRENT ) ) );
	}

	public function test_rejects_alg_none_even_without_a_signature() {
		$header = rtrim( strtr( base64_encode( '{"alg":"none"}' ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		$claims = rtrim( strtr( base64_encode( wp_json_encode( self::claims() ) ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode

		$this->assertSame( 'signature is not base64url', self::rejection( $header . '.' . $claims . '.' ) );
		$this->assertSame( 'alg is not HS256', self::rejection( $header . '.' . $claims . '.AAAA' ) );
	}

	public function test_rejects_hs512_signed_with_a_configured_key() {
		$this->assertSame( 'alg is not HS256', self::rejection( self::jwt( self::claims(), self::CURRENT, array( 'alg' => 'HS512' ) ) ) );
	}

	public function test_rejects_a_token_whose_claims_were_changed_after_signing() {
		$parts    = explode( '.', self::jwt( self::claims(), self::CURRENT ) );
		$parts[1] = rtrim( strtr( base64_encode( wp_json_encode( self::claims( array( 'jti' => 'wp-test:key-2' ) ) ) ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode

		$this->assertSame( 'signature does not match', self::rejection( implode( '.', $parts ) ) );
	}

	public function test_rejects_text_that_is_not_a_compact_jwt() {
		$this->assertSame( 'not a compact JWT', self::rejection( 'abc.def' ) );
		$this->assertSame( 'header is not a JSON object', self::rejection( 'bm90IGpzb24.e30.AAAA' ) );
	}

	public function test_rejects_every_token_when_no_secret_is_configured() {
		$this->expectException( Webhook_Gateway_Bridge_Jwt_Error::class );
		$this->expectExceptionMessage( 'no JWT secret configured' );

		Webhook_Gateway_Bridge_Jwt::verify( self::jwt( self::claims(), self::CURRENT ), array(), self::ORIGIN, self::NOW );
	}
}
