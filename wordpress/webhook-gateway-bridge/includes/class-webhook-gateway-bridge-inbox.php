<?php
/**
 * The record of callbacks received from the gateway: one row per Idempotency-Key, written before the
 * event takes effect, so a repeated callback finds it and has no second effect.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own table, read fresh for deduplication.
// phpcs:disable WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- only the table name (from $wpdb->prefix) is interpolated; values go through prepare().

/**
 * Received events, deduplicated by a hash of the Idempotency-Key.
 */
final class Webhook_Gateway_Bridge_Inbox extends Webhook_Gateway_Bridge_Table {

	/**
	 * Keys are remembered this long: longer than the gateway retries or anyone replays.
	 */
	const KEEP_DAYS = 30;

	/**
	 * The table's name under the site's prefix.
	 */
	const NAME = 'webhook_gateway_received';

	/**
	 * Keys can be long: the unique index is on their SHA-256.
	 */
	const COLUMNS = "  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  key_hash char(64) NOT NULL,
  idempotency_key varchar(512) NOT NULL,
  event_id varchar(512) NOT NULL,
  source_id varchar(64) NOT NULL DEFAULT '',
  tenant varchar(64) NOT NULL DEFAULT '',
  event_type varchar(128) NOT NULL DEFAULT '',
  entity_id varchar(512) NOT NULL DEFAULT '',
  received_at varchar(32) NOT NULL DEFAULT '',
  post_id bigint(20) unsigned NOT NULL DEFAULT 0,
  payload longtext NOT NULL,
  result text NOT NULL,
  created_at datetime NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY key_hash (key_hash),
  KEY post_id (post_id),
  KEY created_at (created_at)";

	/**
	 * The unique key's value for an Idempotency-Key.
	 *
	 * @param string $idempotency_key Key.
	 * @return string
	 */
	private static function hash( $idempotency_key ) {
		return hash( 'sha256', $idempotency_key );
	}

	/**
	 * Records the event unless its key is already there; only the caller that inserted the row may
	 * apply the event's effects.
	 *
	 * @param string              $idempotency_key Key.
	 * @param array<string,mixed> $event           Sanitized event (eventId, sourceId, …, payload).
	 * @param int                 $post_id         Local post the event refers to, 0 for none.
	 * @param array<string,mixed> $result          The answer every repeat of this key gets.
	 * @param int                 $now             Unix seconds.
	 * @return bool True when this call recorded it.
	 */
	public function claim( $idempotency_key, array $event, $post_id, array $result, $now ) {
		global $wpdb;
		$table = self::table();
		// INSERT IGNORE against the unique key: two concurrent deliveries cannot both win.
		$count = $wpdb->query(
			$wpdb->prepare(
				"INSERT IGNORE INTO {$table}
				(key_hash, idempotency_key, event_id, source_id, tenant, event_type, entity_id, received_at, post_id, payload, result, created_at)
				VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %d, %s, %s, %s)",
				self::hash( $idempotency_key ),
				$idempotency_key,
				$event['eventId'],
				$event['sourceId'],
				$event['tenant'],
				$event['eventType'],
				$event['entityId'],
				$event['receivedAt'],
				$post_id,
				wp_json_encode( $event['payload'] ),
				wp_json_encode( $result ),
				gmdate( 'Y-m-d H:i:s', $now )
			)
		);
		return 1 === $count;
	}

	/**
	 * The stored answer for a key, or null when the key is new.
	 *
	 * @param string $idempotency_key Key.
	 * @return array<string,mixed>|null
	 */
	public function result_for( $idempotency_key ) {
		global $wpdb;
		$table  = self::table();
		$result = $wpdb->get_var( $wpdb->prepare( "SELECT result FROM {$table} WHERE key_hash = %s", self::hash( $idempotency_key ) ) );
		if ( null === $result ) {
			return null;
		}
		$decoded = json_decode( $result, true );
		return is_array( $decoded ) ? $decoded : array();
	}

	/**
	 * Forgets a key whose effects failed, so the gateway's retry can apply them.
	 *
	 * @param string $idempotency_key Key.
	 * @return void
	 */
	public function release( $idempotency_key ) {
		global $wpdb;
		$wpdb->delete( self::table(), array( 'key_hash' => self::hash( $idempotency_key ) ), array( '%s' ) );
	}

	/**
	 * Received events, newest first.
	 *
	 * @param int $limit Maximum rows.
	 * @return object[]
	 */
	public function latest( $limit ) {
		global $wpdb;
		$table = self::table();
		return $wpdb->get_results(
			$wpdb->prepare(
				"SELECT event_id, source_id, event_type, entity_id, received_at FROM {$table} ORDER BY id DESC LIMIT %d",
				$limit
			)
		);
	}

	/**
	 * Cron entry point for prune().
	 *
	 * @return void
	 */
	public function prune_expired() {
		$this->prune( time() );
	}

	/**
	 * Forgets keys older than the retention.
	 *
	 * @param int $now Unix seconds.
	 * @return void
	 */
	public function prune( $now ) {
		self::delete_older_than( 'created_at', self::KEEP_DAYS, $now );
	}
}
