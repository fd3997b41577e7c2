<?php
/**
 * The signature the gateway's `wordpress` scheme verifies.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * Signer.
 */
class Test_Webhook_Gateway_Bridge_Signer extends Webhook_Gateway_Bridge_Test_Case {

	public function test_signs_timestamp_dot_body_as_hex_hmac_sha256() {
		// Expected value from `openssl dgst -sha256 -hmac` over the same bytes.
		$this->assertSame(
			'45564a0a2200e10e064bb042fa01d7bed3b2f79dc9d352973e0ead6af387064c',
			Webhook_Gateway_Bridge_Signer::signature( 'phpunit-signing-secret', '1700000000', '{"event":"post.published","post_id":42}' )
		);
	}

	public function test_headers_carry_the_timestamp_the_signature_and_the_rows_key() {
		$headers = Webhook_Gateway_Bridge_Signer::headers( 'phpunit-signing-secret', '{"event":"post.published","post_id":42}', 'key-1', 1700000000 );

		$this->assertSame(
			array(
				'Content-Type'    => 'application/json',
				'X-WP-Timestamp'  => '1700000000',
				'X-WP-Signature'  => '45564a0a2200e10e064bb042fa01d7bed3b2f79dc9d352973e0ead6af387064c',
				'Idempotency-Key' => 'key-1',
			),
			$headers
		);
	}

	public function test_a_changed_body_changes_the_signature() {
		$this->assertNotSame(
			'45564a0a2200e10e064bb042fa01d7bed3b2f79dc9d352973e0ead6af387064c',
			Webhook_Gateway_Bridge_Signer::signature( 'phpunit-signing-secret', '1700000000', '{"event":"post.published","post_id":43}' )
		);
	}
}
