<?php
/**
 * Shared set-up for the plugin's tests: empty plugin tables, no scheduled runs, a fake HTTP layer
 * that records requests and answers from a queue, posts removed after each test.
 *
 * @package Webhook_Gateway_Bridge
 */

use PHPUnit\Framework\TestCase;

/**
 * Thrown instead of leaving the process when code under test redirects.
 */
class Webhook_Gateway_Bridge_Test_Redirect extends RuntimeException {
}

/**
 * Thrown instead of leaving the process when code under test calls wp_die().
 */
class Webhook_Gateway_Bridge_Test_Die extends RuntimeException {
}

/**
 * Base class.
 */
abstract class Webhook_Gateway_Bridge_Test_Case extends TestCase {

	/**
	 * Requests the code under test made: url, method, headers, body.
	 *
	 * @var array<int,array<string,mixed>>
	 */
	protected $requests = array();

	/**
	 * Queued answers, first in first out; a WP_Error stands for a network failure.
	 *
	 * @var array<int,array<string,mixed>|WP_Error>
	 */
	private $answers = array();

	/**
	 * Post ids to delete after the test.
	 *
	 * @var int[]
	 */
	private $posts = array();

	/**
	 * Hooks to remove after the test.
	 *
	 * @var array<int,array{0:string,1:callable,2:int}>
	 */
	private $hooks = array();

	/**
	 * Fresh state for each test.
	 */
	protected function setUp(): void {
		global $wpdb;
		parent::setUp();
		$wpdb->query( 'TRUNCATE TABLE ' . Webhook_Gateway_Bridge_Outbox::table() ); // phpcs:ignore WordPress.DB
		$wpdb->query( 'TRUNCATE TABLE ' . Webhook_Gateway_Bridge_Inbox::table() ); // phpcs:ignore WordPress.DB
		wp_unschedule_hook( Webhook_Gateway_Bridge_Sender::CRON_HOOK );
		delete_option( 'wgb_test_effects' );
		$_GET     = array();
		$_REQUEST = array();
		$this->requests = array();
		$this->answers  = array();
		wp_set_current_user( 0 );
		$this->hook( 'pre_http_request', array( $this, 'fake_http' ), 10, 3 );
		$this->hook( 'wp_redirect', array( $this, 'stop_at_redirect' ), 1, 1 );
		$this->hook( 'wp_die_handler', array( $this, 'die_handler' ), 10, 0 );
	}

	/**
	 * Removes what the test added.
	 */
	protected function tearDown(): void {
		foreach ( $this->hooks as list( $name, $callback, $priority ) ) {
			remove_filter( $name, $callback, $priority );
		}
		$this->hooks = array();
		foreach ( $this->posts as $id ) {
			wp_delete_post( $id, true );
		}
		$this->posts = array();
		wp_set_current_user( 0 );
		wp_cache_flush();
		parent::tearDown();
	}

	/**
	 * Adds a hook for this test only.
	 *
	 * @param string   $name     Hook name.
	 * @param callable $callback Callback.
	 * @param int      $priority Priority.
	 * @param int      $args     Accepted arguments.
	 * @return void
	 */
	protected function hook( $name, $callback, $priority = 10, $args = 1 ) {
		add_filter( $name, $callback, $priority, $args );
		$this->hooks[] = array( $name, $callback, $priority );
	}

	/**
	 * Queues an HTTP answer.
	 *
	 * @param int                  $code    Status code.
	 * @param array<string,mixed>  $json    Body, JSON-encoded.
	 * @param array<string,string> $headers Response headers (lower-case names).
	 * @return void
	 */
	protected function answer( $code, array $json = array(), array $headers = array() ) {
		$this->answers[] = array(
			'headers'  => $headers,
			'body'     => wp_json_encode( $json ),
			'response' => array(
				'code'    => $code,
				'message' => get_status_header_desc( $code ),
			),
			'cookies'  => array(),
			'filename' => null,
		);
	}

	/**
	 * Queues a network failure.
	 *
	 * @return void
	 */
	protected function answer_network_error() {
		$this->answers[] = new WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect' );
	}

	/**
	 * `pre_http_request`: records the request and returns the next queued answer.
	 *
	 * @param false|array $pre  Unused.
	 * @param array       $args Request arguments.
	 * @param string      $url  URL.
	 * @return array|WP_Error
	 */
	public function fake_http( $pre, $args, $url ) {
		unset( $pre );
		$this->requests[] = array(
			'url'     => $url,
			'method'  => $args['method'],
			'headers' => $args['headers'],
			'body'    => $args['body'],
		);
		if ( array() === $this->answers ) {
			$this->fail( 'unexpected HTTP request to ' . $url );
		}
		return array_shift( $this->answers );
	}

	/**
	 * `wp_redirect`: ends the code under test with an exception carrying the location.
	 *
	 * @param string $location Location.
	 * @return never
	 * @throws Webhook_Gateway_Bridge_Test_Redirect Always.
	 */
	public function stop_at_redirect( $location ) {
		throw new Webhook_Gateway_Bridge_Test_Redirect( $location );
	}

	/**
	 * `wp_die_handler`: wp_die() throws instead of exiting.
	 *
	 * @return callable
	 */
	public function die_handler() {
		return static function ( $message ) {
			throw new Webhook_Gateway_Bridge_Test_Die( is_string( $message ) ? $message : 'wp_die' );
		};
	}

	/**
	 * Creates a post that is deleted after the test.
	 *
	 * @param array<string,mixed> $args wp_insert_post arguments.
	 * @return WP_Post
	 */
	protected function create_post( array $args = array() ) {
		$id = wp_insert_post(
			array_merge(
				array(
					'post_title'   => 'A post',
					'post_content' => 'Content',
					'post_status'  => 'draft',
					'post_type'    => 'post',
					'post_author'  => $this->user_id( 'editor' ),
				),
				$args
			),
			true
		);
		$this->assertIsInt( $id );
		$this->posts[] = $id;
		return get_post( $id );
	}

	/**
	 * Id of one of the test site's users (admin, editor, author, subscriber).
	 *
	 * @param string $login User name.
	 * @return int
	 */
	protected function user_id( $login ) {
		$user = get_user_by( 'login', $login );
		$this->assertInstanceOf( WP_User::class, $user );
		return (int) $user->ID;
	}

	/**
	 * Acts as a user.
	 *
	 * @param string $login User name.
	 * @return void
	 */
	protected function log_in( $login ) {
		wp_set_current_user( $this->user_id( $login ) );
	}

	/**
	 * Outbox rows, oldest first.
	 *
	 * @return object[]
	 */
	protected function outbox_rows() {
		global $wpdb;
		return $wpdb->get_results( 'SELECT * FROM ' . Webhook_Gateway_Bridge_Outbox::table() . ' ORDER BY id ASC' ); // phpcs:ignore WordPress.DB
	}

	/**
	 * Received rows, oldest first.
	 *
	 * @return object[]
	 */
	protected function received_rows() {
		global $wpdb;
		return $wpdb->get_results( 'SELECT * FROM ' . Webhook_Gateway_Bridge_Inbox::table() . ' ORDER BY id ASC' ); // phpcs:ignore WordPress.DB
	}

	/**
	 * When the delivery hook is scheduled to run.
	 *
	 * @return int[]
	 */
	protected function scheduled_runs() {
		$times = array();
		foreach ( _get_cron_array() as $timestamp => $hooks ) {
			foreach ( $hooks[ Webhook_Gateway_Bridge_Sender::CRON_HOOK ] ?? array() as $event ) {
				unset( $event );
				$times[] = (int) $timestamp;
			}
		}
		return $times;
	}

	/**
	 * Makes every pending row due now (as if the retry wait had passed).
	 *
	 * @return void
	 */
	protected function make_pending_rows_due() {
		global $wpdb;
		$wpdb->query( 'UPDATE ' . Webhook_Gateway_Bridge_Outbox::table() . " SET next_attempt_at = 0 WHERE state = 'pending'" ); // phpcs:ignore WordPress.DB
	}

	/**
	 * The running plugin.
	 *
	 * @return Webhook_Gateway_Bridge_Plugin
	 */
	protected function plugin() {
		return Webhook_Gateway_Bridge_Plugin::instance();
	}

	/**
	 * An HS256 JWT built by hand (independently of the plugin's code).
	 *
	 * @param array<string,mixed> $claims Claims.
	 * @param string              $secret Key.
	 * @param array<string,mixed> $header Header.
	 * @return string
	 */
	protected static function jwt( array $claims, $secret, array $header = array(
		'alg' => 'HS256',
		'typ' => 'JWT',
	) ) {
		$encode = static function ( $text ) {
			return rtrim( strtr( base64_encode( $text ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		};
		$signed = $encode( wp_json_encode( $header ) ) . '.' . $encode( wp_json_encode( $claims ) );
		return $signed . '.' . $encode( hash_hmac( 'sha256', $signed, $secret, true ) );
	}

	/**
	 * Claims as the gateway sets them for this site, valid for five minutes.
	 *
	 * @param string $event_id The event's id (jti).
	 * @return array<string,mixed>
	 */
	protected static function gateway_claims( $event_id ) {
		$now = time();
		return array(
			'sourceId' => 'wp-test',
			'tenant'   => 'blog',
			'iss'      => 'webhook-gateway',
			'aud'      => WP_HOME,
			'iat'      => $now,
			'exp'      => $now + 300,
			'jti'      => $event_id,
		);
	}

	/**
	 * A forwarded event as the gateway's worker sends it.
	 *
	 * @param string              $event_id Event id.
	 * @param array<string,mixed> $payload  Payload.
	 * @return array<string,mixed>
	 */
	protected static function forwarded_event( $event_id, array $payload ) {
		return array(
			'eventId'    => $event_id,
			'sourceId'   => 'wp-test',
			'tenant'     => 'blog',
			'eventType'  => $payload['event'] ?? 'post.published',
			'entityId'   => (string) ( $payload['post_id'] ?? 'x' ),
			'receivedAt' => '2026-12-01T10:00:01.123Z',
			'payload'    => $payload,
		);
	}

	/**
	 * Dispatches a REST request in-process, as the REST server does for HTTP.
	 *
	 * @param string               $method  Method.
	 * @param string               $route   Route, e.g. /webhook-gateway/v1/events.
	 * @param string|null          $body    Raw body.
	 * @param array<string,string> $headers Headers.
	 * @return WP_REST_Response
	 */
	protected function rest( $method, $route, $body = null, array $headers = array() ) {
		$request = new WP_REST_Request( $method, $route );
		foreach ( $headers as $name => $value ) {
			$request->set_header( $name, $value );
		}
		if ( null !== $body ) {
			$request->set_header( 'content-type', 'application/json' );
			$request->set_body( $body );
		}
		return rest_do_request( $request );
	}
}
