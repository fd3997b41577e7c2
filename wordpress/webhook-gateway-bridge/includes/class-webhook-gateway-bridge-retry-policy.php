<?php
/**
 * What one delivery attempt's outcome means for its outbox row. Plain PHP with an injected clock,
 * so the state machine is tested without a network or a database; it declares a class only.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * pending → delivered | pending (retry later) | failed.
 */
final class Webhook_Gateway_Bridge_Retry_Policy {

	const PENDING   = 'pending';
	const DELIVERED = 'delivered';
	const FAILED    = 'failed';

	/**
	 * Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final.
	 *
	 * @var int[]
	 */
	const DELAYS = array( 60, 300, 1800, 7200 );

	/**
	 * The longest Retry-After honoured, so a broken header cannot park an event for months.
	 */
	const MAX_RETRY_AFTER = 86400;

	/**
	 * Decides the row's next state.
	 *
	 * @param int         $attempts    Attempts made, this one included (1 for the first).
	 * @param int|null    $status      HTTP status, or null when no answer came (network error, timeout).
	 * @param string|null $retry_after The Retry-After header, if any (seconds or an HTTP date).
	 * @param int         $now         Unix seconds.
	 * @param int[]       $delays      Waits between attempts (DELAYS unless a site filters them).
	 * @return array{state:string,next_attempt_at:int|null,reason:string}
	 */
	public static function decide( $attempts, $status, $retry_after, $now, array $delays = self::DELAYS ) {
		if ( null !== $status && $status >= 200 && $status < 300 ) {
			// 202 accepted and 200 duplicate alike: the gateway holds the event.
			return self::outcome( self::DELIVERED, null, '' );
		}
		if ( null !== $status && ! self::is_retryable( $status ) ) {
			return self::outcome( self::FAILED, null, sprintf( 'HTTP %d is not retried', $status ) );
		}
		$reason = null === $status ? 'no answer' : sprintf( 'HTTP %d', $status );
		if ( $attempts > count( $delays ) ) {
			return self::outcome( self::FAILED, null, sprintf( '%s; gave up after %d attempts', $reason, $attempts ) );
		}
		$delay = max( 0, (int) $delays[ $attempts - 1 ] );
		$asked = self::retry_after_seconds( $retry_after, $now );
		if ( null !== $asked ) {
			$delay = max( $delay, min( $asked, self::MAX_RETRY_AFTER ) );
		}
		return self::outcome( self::PENDING, $now + $delay, $reason );
	}

	/**
	 * 5xx, 429 (slow down) and 408 (timeout) are worth another try. Other 4xx are not: the gateway's
	 * 400, 401, 404, 409, 413 and 415 say the event, its signature or the configuration is wrong,
	 * which a retry cannot change. Nor are redirects: they are not followed, the configured URL must
	 * be the final one.
	 *
	 * @param int $status HTTP status.
	 * @return bool
	 */
	public static function is_retryable( $status ) {
		return $status >= 500 || 429 === $status || 408 === $status;
	}

	/**
	 * Seconds asked for by a Retry-After header (delta-seconds or an HTTP date).
	 *
	 * @param string|null $header Header value.
	 * @param int         $now    Unix seconds.
	 * @return int|null
	 */
	public static function retry_after_seconds( $header, $now ) {
		if ( null === $header ) {
			return null;
		}
		$header = trim( $header );
		if ( '' === $header ) {
			return null;
		}
		if ( preg_match( '/^\d+$/', $header ) ) {
			return (int) $header;
		}
		$at = strtotime( $header );
		return false === $at ? null : max( 0, $at - $now );
	}

	/**
	 * Builds the result array.
	 *
	 * @param string   $state           New state.
	 * @param int|null $next_attempt_at When to try again.
	 * @param string   $reason          Short, log-safe text.
	 * @return array{state:string,next_attempt_at:int|null,reason:string}
	 */
	private static function outcome( $state, $next_attempt_at, $reason ) {
		return array(
			'state'           => $state,
			'next_attempt_at' => $next_attempt_at,
			'reason'          => $reason,
		);
	}
}
