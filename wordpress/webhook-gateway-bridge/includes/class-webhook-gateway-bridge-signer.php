<?php
/**
 * Signs outgoing events exactly as the gateway's `wordpress` scheme verifies them. Plain PHP (no
 * WordPress call), so the cross-language checks can load it on its own; it declares a class only.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * HMAC-SHA256 over `<timestamp>.<body>`, hex.
 */
final class Webhook_Gateway_Bridge_Signer {

	/**
	 * Hex HMAC-SHA256 of `<timestamp>.<body>`.
	 *
	 * @param string $secret    The source's signingSecret.
	 * @param string $timestamp Unix seconds, as sent in X-WP-Timestamp.
	 * @param string $body      The exact bytes sent.
	 * @return string
	 */
	public static function signature( $secret, $timestamp, $body ) {
		return hash_hmac( 'sha256', $timestamp . '.' . $body, $secret );
	}

	/**
	 * The request headers for one delivery attempt.
	 *
	 * @param string $secret          The source's signingSecret.
	 * @param string $body            The exact bytes sent.
	 * @param string $idempotency_key The outbox row's key, the same on every attempt.
	 * @param int    $now             Unix seconds: a retry is signed afresh so it passes the time window.
	 * @return array<string,string>
	 */
	public static function headers( $secret, $body, $idempotency_key, $now ) {
		$timestamp = (string) $now;
		return array(
			'Content-Type'    => 'application/json',
			'X-WP-Timestamp'  => $timestamp,
			'X-WP-Signature'  => self::signature( $secret, $timestamp, $body ),
			'Idempotency-Key' => $idempotency_key,
		);
	}
}
