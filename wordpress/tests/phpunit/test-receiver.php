<?php
/**
 * The receiver of the gateway's forward action.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * Receiver.
 */
class Test_Webhook_Gateway_Bridge_Receiver extends Webhook_Gateway_Bridge_Test_Case {

	const ROUTE = '/webhook-gateway/v1/events';

	/**
	 * Events seen by `webhook_gateway_event` in this test.
	 *
	 * @var array<int,array<string,mixed>>
	 */
	private $fired = array();

	/**
	 * Listens to the action.
	 */
	protected function setUp(): void {
		parent::setUp();
		$this->fired = array();
		$this->hook( 'webhook_gateway_event', array( $this, 'remember_event' ) );
	}

	/**
	 * `webhook_gateway_event` listener.
	 *
	 * @param array<string,mixed> $event Event.
	 * @return void
	 */
	public function remember_event( $event ) {
		$this->fired[] = $event;
	}

	/**
	 * Sends a forward request as the gateway does.
	 *
	 * @param array<string,mixed> $event  Forwarded event.
	 * @param string|null         $token  Token; default a valid one for the event.
	 * @param string|null         $key    Idempotency-Key; default the event id.
	 * @return WP_REST_Response
	 */
	private function forward( array $event, $token = null, $key = null ) {
		$token = $token ?? self::jwt( self::gateway_claims( $event['eventId'] ), WEBHOOK_GATEWAY_JWT_SECRET, array( 'alg' => 'HS256', 'kid' => Webhook_Gateway_Bridge_Jwt::key_id( WEBHOOK_GATEWAY_JWT_SECRET ) ) );
		return $this->rest(
			'POST',
			self::ROUTE,
			wp_json_encode( $event ),
			array(
				'Authorization'   => 'Bearer ' . $token,
				'Idempotency-Key' => $key ?? $event['eventId'],
			)
		);
	}

	public function test_records_a_valid_callback_updates_the_post_and_fires_the_action_once() {
		$post  = $this->create_post( array( 'post_status' => 'publish' ) );
		$event = self::forwarded_event( 'wp-test:key-1', array( 'event' => 'post.published', 'post_id' => $post->ID ) );

		$response = $this->forward( $event );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'status' => 'recorded', 'eventId' => 'wp-test:key-1', 'postId' => $post->ID ), $response->get_data() );
		$this->assertCount( 1, $this->received_rows() );
		$this->assertSame( array( 'wp-test:key-1', 'post.published', (string) $post->ID ), array( $this->received_rows()[0]->event_id, $this->received_rows()[0]->event_type, $this->received_rows()[0]->entity_id ) );
		$meta = get_post_meta( $post->ID, '_webhook_gateway_last_event', true );
		$this->assertSame( array( 'wp-test:key-1', 'post.published', '2026-12-01T10:00:01.123Z' ), array( $meta['eventId'], $meta['eventType'], $meta['receivedAt'] ) );
		$this->assertCount( 1, $this->fired );
		$this->assertSame( $post->ID, $this->fired[0]['postId'] );
		$this->assertSame( $event['payload'], $this->fired[0]['payload'] );
	}

	public function test_the_same_callback_twice_answers_the_first_result_and_has_no_second_effect() {
		$post  = $this->create_post( array( 'post_status' => 'publish' ) );
		$event = self::forwarded_event( 'wp-test:key-2', array( 'event' => 'post.updated', 'post_id' => $post->ID ) );

		$first  = $this->forward( $event );
		$second = $this->forward( $event );

		$this->assertSame( array( 200, 200 ), array( $first->get_status(), $second->get_status() ) );
		$this->assertSame( $first->get_data(), $second->get_data() );
		$this->assertCount( 1, $this->received_rows() );
		$this->assertCount( 1, $this->fired );
	}

	public function test_accepts_a_token_signed_with_the_previous_jwt_secret() {
		$event = self::forwarded_event( 'wp-test:key-3', array( 'event' => 'post.published', 'post_id' => 999999 ) );
		$token = self::jwt( self::gateway_claims( 'wp-test:key-3' ), WEBHOOK_GATEWAY_JWT_PREVIOUS_SECRET, array( 'alg' => 'HS256', 'kid' => Webhook_Gateway_Bridge_Jwt::key_id( WEBHOOK_GATEWAY_JWT_PREVIOUS_SECRET ) ) );

		$response = $this->forward( $event, $token );

		$this->assertSame( 200, $response->get_status() );
		$this->assertNull( $response->get_data()['postId'] );
	}

	/**
	 * Tokens that must be refused.
	 *
	 * @return array<string,array{callable}>
	 */
	public static function bad_tokens() {
		return array(
			'signed with another secret' => array(
				static function ( $claims ) {
					return self::jwt( $claims, 'not-the-jwt-secret' );
				},
			),
			'expired'                    => array(
				static function ( $claims ) {
					return self::jwt( array_merge( $claims, array( 'exp' => time() - 600, 'iat' => time() - 900 ) ), WEBHOOK_GATEWAY_JWT_SECRET );
				},
			),
			'for another site'           => array(
				static function ( $claims ) {
					return self::jwt( array_merge( $claims, array( 'aud' => 'https://other.example' ) ), WEBHOOK_GATEWAY_JWT_SECRET );
				},
			),
			'issued for another event'   => array(
				static function ( $claims ) {
					return self::jwt( array_merge( $claims, array( 'jti' => 'wp-test:other' ) ), WEBHOOK_GATEWAY_JWT_SECRET );
				},
			),
			'not a token'                => array(
				static function () {
					return 'garbage';
				},
			),
		);
	}

	/**
	 * @dataProvider bad_tokens
	 *
	 * @param callable $make Builds the token from valid claims.
	 */
	public function test_a_bad_token_gets_401_and_records_nothing( $make ) {
		$post  = $this->create_post( array( 'post_status' => 'publish' ) );
		$event = self::forwarded_event( 'wp-test:key-4', array( 'event' => 'post.published', 'post_id' => $post->ID ) );

		$response = $this->forward( $event, $make( self::gateway_claims( 'wp-test:key-4' ) ) );

		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( 'Invalid or missing token.', $response->get_data()['message'] );
		$this->assertSame( array(), $this->received_rows() );
		$this->assertSame( array(), $this->fired );
		$this->assertSame( '', get_post_meta( $post->ID, '_webhook_gateway_last_event', true ) );
	}

	public function test_a_call_without_a_token_gets_401() {
		$response = $this->rest( 'POST', self::ROUTE, wp_json_encode( self::forwarded_event( 'wp-test:key-5', array() ) ), array( 'Idempotency-Key' => 'wp-test:key-5' ) );

		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( array(), $this->received_rows() );
	}

	/**
	 * Bodies that must be refused.
	 *
	 * @return array<string,array{string}>
	 */
	public static function malformed_bodies() {
		$event = self::forwarded_event( 'wp-test:key-6', array( 'post_id' => 1 ) );
		return array(
			'not JSON'             => array( '{"eventId": "wp-test:key-6"' ),
			'no payload'           => array( wp_json_encode( array_diff_key( $event, array( 'payload' => 1 ) ) ) ),
			'payload not object'   => array( wp_json_encode( array_merge( $event, array( 'payload' => 'text' ) ) ) ),
			'bad receivedAt'       => array( wp_json_encode( array_merge( $event, array( 'receivedAt' => 'yesterday' ) ) ) ),
			'eventType not string' => array( wp_json_encode( array_merge( $event, array( 'eventType' => 7 ) ) ) ),
			'another eventId'      => array( wp_json_encode( array_merge( $event, array( 'eventId' => 'wp-test:key-7' ) ) ) ),
		);
	}

	/**
	 * @dataProvider malformed_bodies
	 *
	 * @param string $body Raw body.
	 */
	public function test_a_malformed_body_gets_400_and_records_nothing( $body ) {
		$token = self::jwt( self::gateway_claims( 'wp-test:key-6' ), WEBHOOK_GATEWAY_JWT_SECRET );

		$response = $this->rest( 'POST', self::ROUTE, $body, array( 'Authorization' => 'Bearer ' . $token, 'Idempotency-Key' => 'wp-test:key-6' ) );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( array(), $this->received_rows() );
		$this->assertSame( array(), $this->fired );
	}

	public function test_markup_in_the_payload_is_stripped_before_it_is_stored_or_passed_on() {
		$event = self::forwarded_event( 'wp-test:key-8', array( 'summary' => "<script>alert(1)</script>Two\nlines", 'score' => 0.5, 'ok' => true ) );

		$this->forward( $event );

		$this->assertSame( array( 'summary' => "Two\nlines", 'score' => 0.5, 'ok' => true ), $this->fired[0]['payload'] );
		$this->assertSame( '{"summary":"Two\nlines","score":0.5,"ok":true}', $this->received_rows()[0]->payload );
	}

	public function test_a_failing_handler_records_nothing_so_the_gateways_retry_applies_the_event() {
		$post  = $this->create_post( array( 'post_status' => 'publish' ) );
		$event = self::forwarded_event( 'wp-test:key-9', array( 'event' => 'post.published', 'post_id' => $post->ID ) );
		$boom  = static function () {
			throw new RuntimeException( 'downstream broke' );
		};
		add_action( 'webhook_gateway_event', $boom, 5 );
		$failed = $this->forward( $event );
		remove_action( 'webhook_gateway_event', $boom, 5 );
		wp_cache_delete( $post->ID, 'post_meta' );
		$after_failure = array( count( $this->received_rows() ), get_post_meta( $post->ID, '_webhook_gateway_last_event', true ) );

		$retried = $this->forward( $event );

		$this->assertSame( 500, $failed->get_status() );
		$this->assertSame( array( 0, '' ), $after_failure );
		$this->assertSame( 200, $retried->get_status() );
		$this->assertCount( 1, $this->fired );
	}

	public function test_the_last_event_is_readable_but_not_writable_through_the_posts_endpoint() {
		$post = $this->create_post( array( 'post_status' => 'publish' ) );
		$this->forward( self::forwarded_event( 'wp-test:key-10', array( 'event' => 'post.published', 'post_id' => $post->ID ) ) );
		$this->log_in( 'editor' );

		$read  = $this->rest( 'GET', '/wp/v2/posts/' . $post->ID, null, array() );
		$write = $this->rest( 'POST', '/wp/v2/posts/' . $post->ID, wp_json_encode( array( 'meta' => array( '_webhook_gateway_last_event' => array( 'eventId' => 'forged' ) ) ) ) );

		$this->assertSame( 'wp-test:key-10', $read->get_data()['meta']['_webhook_gateway_last_event']['eventId'] );
		$this->assertSame( 403, $write->get_status() );
	}
}
