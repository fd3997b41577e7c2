<?php
/**
 * Turns post changes into outbox rows and delivers due rows from WP-Cron, signed for the gateway's
 * `wordpress` scheme.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

/**
 * Records post events and delivers them.
 */
final class Webhook_Gateway_Bridge_Sender {

	const CRON_HOOK = 'webhook_gateway_deliver';

	/**
	 * A cron run stops starting new deliveries after this many seconds (the rest go in the next run).
	 */
	const RUN_SECONDS = 20;

	/**
	 * Seconds to wait for the gateway's answer.
	 */
	const TIMEOUT = 10;

	/**
	 * Events seen in this request, per post id, waiting until the post's terms and meta are saved.
	 *
	 * @var array<int,string[]>
	 */
	private $pending = array();

	/**
	 * Whether this request recorded a row (then cron is nudged at shutdown).
	 *
	 * @var bool
	 */
	private $recorded = false;

	/**
	 * Constructor.
	 *
	 * @param Webhook_Gateway_Bridge_Outbox $outbox The outbox.
	 */
	public function __construct( private readonly Webhook_Gateway_Bridge_Outbox $outbox ) {}

	/**
	 * `transition_post_status`: notes the event. The row is written once the post is fully saved
	 * (`wp_after_insert_post`): the REST API saves categories and tags after the transition fires.
	 *
	 * @param string  $new_status New status.
	 * @param string  $old_status Old status.
	 * @param WP_Post $post       The post.
	 * @return void
	 */
	public function on_transition( $new_status, $old_status, $post ) {
		if ( ! $post instanceof WP_Post || ! $this->is_tracked( $post ) ) {
			return;
		}
		// The block editor saves classic meta boxes with a second request that re-saves the post:
		// not a change of its own. Core checks that request's nonce; it is only read here.
		if ( isset( $_GET['meta-box-loader'] ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			return;
		}
		$event = Webhook_Gateway_Bridge_Payload::event_for_transition( $new_status, $old_status );
		if ( null === $event ) {
			return;
		}
		$seen = $this->pending[ $post->ID ] ?? array();
		// Two saves of one post in one request are one change for the gateway.
		if ( end( $seen ) !== $event ) {
			$this->pending[ $post->ID ][] = $event;
		}
	}

	/**
	 * `wp_after_insert_post`: writes the post's noted events.
	 *
	 * @param int     $post_id Post id.
	 * @param WP_Post $post    The post.
	 * @return void
	 */
	public function on_after_insert( $post_id, $post = null ) {
		unset( $post );
		$this->flush( (int) $post_id );
	}

	/**
	 * `before_delete_post`: a post the gateway has heard of (published, or with earlier events) gets a
	 * `post.deleted`, built while the post still exists.
	 *
	 * @param int          $post_id Post id.
	 * @param WP_Post|null $post    The post.
	 * @return void
	 */
	public function on_before_delete( $post_id, $post = null ) {
		$post = $post instanceof WP_Post ? $post : get_post( $post_id );
		if ( ! $post instanceof WP_Post || ! $this->is_tracked( $post ) ) {
			return;
		}
		$this->flush( (int) $post->ID );
		if ( 'publish' === $post->post_status || $this->outbox->has_events( (int) $post->ID ) ) {
			$this->record( $post, Webhook_Gateway_Bridge_Payload::DELETED );
		}
	}

	/**
	 * `shutdown`: writes events whose save path had no `wp_after_insert_post`, then starts cron so
	 * delivery follows the save at once (sites with DISABLE_WP_CRON run it from system cron).
	 *
	 * @return void
	 */
	public function on_shutdown() {
		foreach ( array_keys( $this->pending ) as $post_id ) {
			$this->flush( $post_id );
		}
		if ( $this->recorded && ! wp_doing_cron() && ! ( defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON ) ) {
			spawn_cron();
		}
	}

	/**
	 * Records one event for a post and schedules its delivery.
	 *
	 * @param WP_Post $post  The post.
	 * @param string  $event Event name.
	 * @return object|null The outbox row, null when nothing was recorded (the plugin is not configured).
	 */
	public function record( WP_Post $post, $event ) {
		if ( ! Webhook_Gateway_Bridge_Config::can_send() ) {
			return null;
		}
		$now  = time();
		$body = (string) wp_json_encode( Webhook_Gateway_Bridge_Payload::build( $post, $event, $now ) );
		$row  = $this->outbox->add( (int) $post->ID, $event, $body, Webhook_Gateway_Bridge_Config::source_id(), $now );
		if ( null !== $row ) {
			$this->recorded = true;
			$this->schedule( $now );
		}
		return $row;
	}

	/**
	 * The cron hook: delivers every due row, oldest first, within the run's time budget.
	 *
	 * @return void
	 */
	public function deliver_due() {
		$started = time();
		$this->outbox->prune( $started );
		// Each round sends the oldest pending row of each post; the next round sends what they held back.
		for ( $round = 0; $round < 50; $round++ ) {
			$rows = $this->outbox->due( time() );
			if ( array() === $rows ) {
				break;
			}
			foreach ( $rows as $row ) {
				if ( time() - $started >= self::RUN_SECONDS ) {
					break 2;
				}
				if ( $this->outbox->claim( (int) $row->id, time() ) ) {
					$this->deliver( $row );
				}
			}
		}
		$this->schedule_next();
	}

	/**
	 * One delivery attempt of a claimed row: the stored body and key, signed with a fresh timestamp.
	 *
	 * @param object $row The claimed outbox row.
	 * @return object|null The row after the attempt.
	 */
	public function deliver( $row ) {
		$url         = Webhook_Gateway_Bridge_Config::get( Webhook_Gateway_Bridge_Config::URL );
		$secret      = Webhook_Gateway_Bridge_Config::get( Webhook_Gateway_Bridge_Config::SECRET );
		$now         = time();
		$status      = null;
		$retry_after = null;
		$detail      = '';
		if ( '' === $url || '' === $secret ) {
			$detail = __( 'the gateway URL or secret is not set', 'webhook-gateway-bridge' );
		} else {
			$response = wp_remote_post(
				$url,
				array(
					'headers'     => Webhook_Gateway_Bridge_Signer::headers( $secret, $row->body, $row->idempotency_key, $now ),
					'body'        => $row->body,
					'timeout'     => self::TIMEOUT,
					// A redirect would send the signed event elsewhere: the configured URL must be final.
					'redirection' => 0,
					'user-agent'  => 'WebhookGatewayBridge/' . WEBHOOK_GATEWAY_BRIDGE_VERSION . '; ' . home_url( '/' ),
				)
			);
			if ( is_wp_error( $response ) ) {
				$detail = $response->get_error_message();
			} else {
				$status = (int) wp_remote_retrieve_response_code( $response );
				$header = wp_remote_retrieve_header( $response, 'retry-after' );
				if ( is_string( $header ) && '' !== $header ) {
					$retry_after = $header;
				}
				$detail = self::answer_text( wp_remote_retrieve_body( $response ) );
			}
		}
		/**
		 * Filters the waits between delivery attempts, in seconds (default 60, 300, 1800, 7200).
		 *
		 * @param int[] $delays One wait per retry; after the last one the row fails.
		 */
		$delays   = array_map( 'intval', (array) apply_filters( 'webhook_gateway_retry_delays', Webhook_Gateway_Bridge_Retry_Policy::DELAYS ) );
		$decision = Webhook_Gateway_Bridge_Retry_Policy::decide( (int) $row->attempts + 1, $status, $retry_after, $now, $delays );
		$error    = '';
		if ( Webhook_Gateway_Bridge_Retry_Policy::DELIVERED !== $decision['state'] ) {
			$error = '' === $detail ? $decision['reason'] : $decision['reason'] . ': ' . $detail;
		}
		$this->outbox->record_attempt( $row, $decision, $status, $error, time() );
		return $this->outbox->get( (int) $row->id );
	}

	/**
	 * Sends the settings page's test event at once (through the outbox, so it retries like any other).
	 *
	 * @return object|null The row after the attempt, null when the plugin is not configured.
	 */
	public function send_test_event() {
		if ( ! Webhook_Gateway_Bridge_Config::can_send() ) {
			return null;
		}
		$now  = time();
		$body = (string) wp_json_encode( Webhook_Gateway_Bridge_Payload::test_event( $now ) );
		$row  = $this->outbox->add( 0, Webhook_Gateway_Bridge_Payload::TEST, $body, Webhook_Gateway_Bridge_Config::source_id(), $now );
		if ( null === $row || ! $this->outbox->claim( (int) $row->id, $now ) ) {
			return $row;
		}
		$after = $this->deliver( $row );
		$this->schedule_next();
		return $after;
	}

	/**
	 * "Retry now": a post's failed rows go back to pending and cron runs them.
	 *
	 * @param int $post_id Post id.
	 * @return int Rows requeued.
	 */
	public function retry_post( $post_id ) {
		$now   = time();
		$count = $this->outbox->retry_failed( $post_id, $now );
		if ( $count > 0 ) {
			$this->recorded = true;
			$this->schedule( $now );
		}
		return $count;
	}

	/**
	 * Whether changes to this post are sent: a configured post type, never a revision or autosave.
	 *
	 * @param WP_Post $post The post.
	 * @return bool
	 */
	private function is_tracked( WP_Post $post ) {
		if ( wp_is_post_revision( $post ) || wp_is_post_autosave( $post ) ) {
			return false;
		}
		return in_array( $post->post_type, Webhook_Gateway_Bridge_Config::post_types(), true );
	}

	/**
	 * Writes the noted events of one post.
	 *
	 * @param int $post_id Post id.
	 * @return void
	 */
	private function flush( $post_id ) {
		$events = $this->pending[ $post_id ] ?? array();
		unset( $this->pending[ $post_id ] );
		$post = array() === $events ? null : get_post( $post_id );
		if ( ! $post instanceof WP_Post ) {
			return;
		}
		foreach ( $events as $event ) {
			$this->record( $post, $event );
		}
	}

	/**
	 * Schedules a run at a time. The time is also the event's argument: WP-Cron drops a second event
	 * with the same hook and arguments within ten minutes, which would delay a one-minute retry.
	 *
	 * @param int $at Unix seconds.
	 * @return void
	 */
	private function schedule( $at ) {
		if ( ! wp_next_scheduled( self::CRON_HOOK, array( $at ) ) ) {
			wp_schedule_single_event( $at, self::CRON_HOOK, array( $at ) );
		}
	}

	/**
	 * Schedules a run for the earliest pending row, if any.
	 *
	 * @return void
	 */
	private function schedule_next() {
		$next = $this->outbox->next_due_at();
		if ( null !== $next ) {
			$this->schedule( max( $next, time() ) );
		}
	}

	/**
	 * The gateway's short answer text (`status` or `error` of its JSON), for the row's last error.
	 *
	 * @param string $body Response body.
	 * @return string
	 */
	private static function answer_text( $body ) {
		$data = json_decode( $body, true );
		if ( ! is_array( $data ) ) {
			return '';
		}
		$text = $data['error'] ?? ( $data['status'] ?? '' );
		return is_string( $text ) ? mb_substr( sanitize_text_field( $text ), 0, 120 ) : '';
	}
}
