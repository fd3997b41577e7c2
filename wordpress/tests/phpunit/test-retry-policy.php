<?php
/**
 * The outbox state machine: what one attempt's outcome does to a row.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * Retry policy.
 */
class Test_Webhook_Gateway_Bridge_Retry_Policy extends Webhook_Gateway_Bridge_Test_Case {

	const NOW = 1700000000;

	/**
	 * Shorthand for decide() at NOW.
	 *
	 * @param int         $attempts    Attempts including this one.
	 * @param int|null    $status      HTTP status or null.
	 * @param string|null $retry_after Retry-After header.
	 * @return array{state:string,next_attempt_at:int|null,reason:string}
	 */
	private static function decide( $attempts, $status, $retry_after = null ) {
		return Webhook_Gateway_Bridge_Retry_Policy::decide( $attempts, $status, $retry_after, self::NOW );
	}

	public function test_202_accepted_is_delivered() {
		$this->assertSame( array( 'state' => 'delivered', 'next_attempt_at' => null, 'reason' => '' ), self::decide( 1, 202 ) );
	}

	public function test_200_duplicate_is_delivered() {
		$this->assertSame( 'delivered', self::decide( 3, 200 )['state'] );
	}

	/**
	 * Answers nothing can fix.
	 *
	 * @return array<string,array{int}>
	 */
	public static function permanent_statuses() {
		return array(
			'400 bad request'            => array( 400 ),
			'401 bad signature'          => array( 401 ),
			'404 unknown source'         => array( 404 ),
			'409 conflicting payload'    => array( 409 ),
			'413 too large'              => array( 413 ),
			'415 unsupported media type' => array( 415 ),
		);
	}

	/**
	 * @dataProvider permanent_statuses
	 *
	 * @param int $status HTTP status.
	 */
	public function test_fails_at_once_on_an_answer_a_retry_cannot_change( $status ) {
		$this->assertSame(
			array( 'state' => 'failed', 'next_attempt_at' => null, 'reason' => "HTTP {$status} is not retried" ),
			self::decide( 1, $status )
		);
	}

	public function test_a_redirect_fails_because_it_is_not_followed() {
		$this->assertSame( 'failed', self::decide( 1, 301 )['state'] );
	}

	public function test_retries_5xx_after_1_5_30_and_120_minutes_then_fails() {
		$this->assertSame( self::NOW + 60, self::decide( 1, 503 )['next_attempt_at'] );
		$this->assertSame( self::NOW + 300, self::decide( 2, 500 )['next_attempt_at'] );
		$this->assertSame( self::NOW + 1800, self::decide( 3, 502 )['next_attempt_at'] );
		$this->assertSame( self::NOW + 7200, self::decide( 4, 504 )['next_attempt_at'] );
		$this->assertSame(
			array( 'state' => 'failed', 'next_attempt_at' => null, 'reason' => 'HTTP 503; gave up after 5 attempts' ),
			self::decide( 5, 503 )
		);
	}

	public function test_retries_a_network_error() {
		$this->assertSame( array( 'state' => 'pending', 'next_attempt_at' => self::NOW + 60, 'reason' => 'no answer' ), self::decide( 1, null ) );
	}

	public function test_retries_429_no_sooner_than_its_retry_after_seconds() {
		$this->assertSame( self::NOW + 600, self::decide( 1, 429, '600' )['next_attempt_at'] );
	}

	public function test_a_retry_after_shorter_than_the_schedule_does_not_shorten_it() {
		$this->assertSame( self::NOW + 300, self::decide( 2, 503, '5' )['next_attempt_at'] );
	}

	public function test_honours_a_retry_after_given_as_an_http_date() {
		$this->assertSame( self::NOW + 3600, self::decide( 1, 503, gmdate( 'D, d M Y H:i:s', self::NOW + 3600 ) . ' GMT' )['next_attempt_at'] );
	}

	public function test_caps_a_retry_after_at_one_day() {
		$this->assertSame( self::NOW + 86400, self::decide( 1, 429, '99999999' )['next_attempt_at'] );
	}

	public function test_ignores_a_retry_after_it_cannot_read() {
		$this->assertSame( self::NOW + 60, self::decide( 1, 503, 'soon' )['next_attempt_at'] );
	}

	public function test_a_site_can_shorten_the_schedule() {
		$this->assertSame( self::NOW + 1, Webhook_Gateway_Bridge_Retry_Policy::decide( 1, 503, null, self::NOW, array( 1 ) )['next_attempt_at'] );
		$this->assertSame( 'failed', Webhook_Gateway_Bridge_Retry_Policy::decide( 2, 503, null, self::NOW, array( 1 ) )['state'] );
	}
}
