<?php
/**
 * The outbox: one row per post event, written in the request that changed the post and delivered
 * later by cron, so an editor's save never waits on the gateway and nothing is lost while it is down.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the outbox is the plugin's own table and must be read fresh.
// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- only the table name (from $wpdb->prefix) is interpolated; values go through prepare().

/**
 * Rows: pending → delivered | failed, with attempts, the next attempt time and a short lease so two
 * overlapping cron runs never send the same row twice at once.
 */
final class Webhook_Gateway_Bridge_Outbox extends Webhook_Gateway_Bridge_Table {

	/**
	 * How long a claimed row stays reserved for the run that claimed it, in seconds.
	 */
	const LEASE_SECONDS = 60;

	/**
	 * Delivered rows are kept this long for the editors' history.
	 */
	const KEEP_DELIVERED_DAYS = 30;

	/**
	 * The table's name under the site's prefix.
	 */
	const NAME = 'webhook_gateway_outbox';

	/**
	 * One row per event.
	 */
	const COLUMNS = "  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  idempotency_key char(36) NOT NULL,
  source_id varchar(64) NOT NULL DEFAULT '',
  post_id bigint(20) unsigned NOT NULL DEFAULT 0,
  event varchar(32) NOT NULL,
  body longtext NOT NULL,
  state varchar(16) NOT NULL DEFAULT 'pending',
  attempts smallint(5) unsigned NOT NULL DEFAULT 0,
  next_attempt_at bigint(20) unsigned NOT NULL DEFAULT 0,
  locked_until bigint(20) unsigned NOT NULL DEFAULT 0,
  last_status_code smallint(5) unsigned DEFAULT NULL,
  last_error varchar(255) NOT NULL DEFAULT '',
  created_at datetime NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY idempotency_key (idempotency_key),
  KEY post_id (post_id, state),
  KEY state_due (state, next_attempt_at)";

	/**
	 * Records one event; its Idempotency-Key is generated here, once.
	 *
	 * @param int    $post_id   Post the event is about (0 for the test event).
	 * @param string $event     Event name.
	 * @param string $body      The JSON body, sent unchanged on every attempt.
	 * @param string $source_id Gateway source the event goes to.
	 * @param int    $now       Unix seconds.
	 * @return object|null The row, or null when the insert failed.
	 */
	public function add( $post_id, $event, $body, $source_id, $now ) {
		global $wpdb;
		$created = gmdate( 'Y-m-d H:i:s', $now );
		$ok      = $wpdb->insert(
			self::table(),
			array(
				'idempotency_key' => wp_generate_uuid4(),
				'source_id'       => $source_id,
				'post_id'         => $post_id,
				'event'           => $event,
				'body'            => $body,
				'state'           => Webhook_Gateway_Bridge_Retry_Policy::PENDING,
				'attempts'        => 0,
				'next_attempt_at' => $now,
				'locked_until'    => 0,
				'last_error'      => '',
				'created_at'      => $created,
				'updated_at'      => $created,
			),
			array( '%s', '%s', '%d', '%s', '%s', '%s', '%d', '%d', '%d', '%s', '%s', '%s' )
		);
		return false === $ok ? null : $this->get( (int) $wpdb->insert_id );
	}

	/**
	 * One row by id.
	 *
	 * @param int $id Row id.
	 * @return object|null
	 */
	public function get( $id ) {
		global $wpdb;
		$table = self::table();
		return $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$table} WHERE id = %d", $id ) );
	}

	/**
	 * Pending rows due now, oldest first. A row waits while an older row of the same post is still
	 * pending, so a post's events reach the gateway in the order they happened.
	 *
	 * @param int $now   Unix seconds.
	 * @param int $limit Maximum rows.
	 * @return object[]
	 */
	public function due( $now, $limit = 20 ) {
		global $wpdb;
		$table = self::table();
		return $wpdb->get_results(
			$wpdb->prepare(
				"SELECT o.* FROM {$table} o
				WHERE o.state = %s AND o.next_attempt_at <= %d AND o.locked_until <= %d
				AND ( o.post_id = 0 OR NOT EXISTS (
					SELECT 1 FROM {$table} e WHERE e.post_id = o.post_id AND e.state = %s AND e.id < o.id
				) )
				ORDER BY o.id ASC LIMIT %d",
				Webhook_Gateway_Bridge_Retry_Policy::PENDING,
				$now,
				$now,
				Webhook_Gateway_Bridge_Retry_Policy::PENDING,
				$limit
			)
		);
	}

	/**
	 * Reserves a pending row for one delivery attempt.
	 *
	 * @param int $id  Row id.
	 * @param int $now Unix seconds.
	 * @return bool True when this caller holds the row now.
	 */
	public function claim( $id, $now ) {
		global $wpdb;
		$table = self::table();
		$count = $wpdb->query(
			$wpdb->prepare(
				"UPDATE {$table} SET locked_until = %d WHERE id = %d AND state = %s AND locked_until <= %d",
				$now + self::LEASE_SECONDS,
				$id,
				Webhook_Gateway_Bridge_Retry_Policy::PENDING,
				$now
			)
		);
		return 1 === $count;
	}

	/**
	 * Stores an attempt's outcome and releases the row.
	 *
	 * @param object                                                     $row      The claimed row.
	 * @param array{state:string,next_attempt_at:int|null,reason:string} $decision From the retry policy.
	 * @param int|null                                                   $status   HTTP status, null without an answer.
	 * @param string                                                     $error    Short description, '' on success.
	 * @param int                                                        $now      Unix seconds.
	 * @return void
	 */
	public function record_attempt( $row, array $decision, $status, $error, $now ) {
		global $wpdb;
		$wpdb->update(
			self::table(),
			array(
				'state'            => $decision['state'],
				'attempts'         => (int) $row->attempts + 1,
				'next_attempt_at'  => (int) ( $decision['next_attempt_at'] ?? 0 ),
				'locked_until'     => 0,
				'last_status_code' => $status,
				'last_error'       => mb_substr( $error, 0, 255 ),
				'updated_at'       => gmdate( 'Y-m-d H:i:s', $now ),
			),
			array( 'id' => (int) $row->id ),
			array( '%s', '%d', '%d', '%d', '%d', '%s', '%s' ),
			array( '%d' )
		);
	}

	/**
	 * Puts a post's failed rows back in the queue with a fresh retry schedule.
	 *
	 * @param int $post_id Post id.
	 * @param int $now     Unix seconds.
	 * @return int Rows requeued.
	 */
	public function retry_failed( $post_id, $now ) {
		global $wpdb;
		$table = self::table();
		return (int) $wpdb->query(
			$wpdb->prepare(
				"UPDATE {$table} SET state = %s, attempts = 0, next_attempt_at = %d, locked_until = 0, last_error = '', updated_at = %s
				WHERE post_id = %d AND state = %s",
				Webhook_Gateway_Bridge_Retry_Policy::PENDING,
				$now,
				gmdate( 'Y-m-d H:i:s', $now ),
				$post_id,
				Webhook_Gateway_Bridge_Retry_Policy::FAILED
			)
		);
	}

	/**
	 * A post's rows, newest first.
	 *
	 * @param int $post_id Post id.
	 * @param int $limit   Maximum rows.
	 * @return object[]
	 */
	public function for_post( $post_id, $limit = 50 ) {
		global $wpdb;
		$table = self::table();
		return $wpdb->get_results(
			$wpdb->prepare( "SELECT * FROM {$table} WHERE post_id = %d ORDER BY id DESC LIMIT %d", $post_id, $limit )
		);
	}

	/**
	 * How many of a post's rows are in a state.
	 *
	 * @param int    $post_id Post id.
	 * @param string $state   State.
	 * @return int
	 */
	public function count_for_post( $post_id, $state ) {
		global $wpdb;
		$table = self::table();
		return (int) $wpdb->get_var(
			$wpdb->prepare( "SELECT COUNT(*) FROM {$table} WHERE post_id = %d AND state = %s", $post_id, $state )
		);
	}

	/**
	 * Whether any event of the post was recorded (so the gateway knows the post).
	 *
	 * @param int $post_id Post id.
	 * @return bool
	 */
	public function has_events( $post_id ) {
		global $wpdb;
		$table = self::table();
		return null !== $wpdb->get_var( $wpdb->prepare( "SELECT id FROM {$table} WHERE post_id = %d LIMIT 1", $post_id ) );
	}

	/**
	 * Row counts per state, every state present.
	 *
	 * @return array<string,int>
	 */
	public function counts() {
		global $wpdb;
		$table  = self::table();
		$counts = array(
			Webhook_Gateway_Bridge_Retry_Policy::PENDING   => 0,
			Webhook_Gateway_Bridge_Retry_Policy::DELIVERED => 0,
			Webhook_Gateway_Bridge_Retry_Policy::FAILED    => 0,
		);
		$rows   = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT state, COUNT(*) AS n FROM {$table} WHERE state IN (%s, %s, %s) GROUP BY state",
				array_keys( $counts )
			)
		);
		foreach ( (array) $rows as $row ) {
			$counts[ $row->state ] = (int) $row->n;
		}
		return $counts;
	}

	/**
	 * When the earliest pending row is due, or null when none is pending.
	 *
	 * @return int|null
	 */
	public function next_due_at() {
		global $wpdb;
		$table = self::table();
		$next  = $wpdb->get_var(
			$wpdb->prepare( "SELECT MIN(GREATEST(next_attempt_at, locked_until)) FROM {$table} WHERE state = %s", Webhook_Gateway_Bridge_Retry_Policy::PENDING )
		);
		return null === $next ? null : (int) $next;
	}

	/**
	 * Deletes delivered rows older than the retention.
	 *
	 * @param int $now Unix seconds.
	 * @return void
	 */
	public function prune( $now ) {
		self::delete_older_than( 'updated_at', self::KEEP_DELIVERED_DAYS, $now, array( 'state' => Webhook_Gateway_Bridge_Retry_Policy::DELIVERED ) );
	}
}
