<?php
/**
 * What the plugin's own tables have in common: a name under the site's prefix, a CREATE TABLE
 * statement for dbDelta and the pruning of old rows.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

/**
 * One of the plugin's tables. A subclass defines NAME (without the prefix) and COLUMNS (its columns
 * and keys, one per line, as dbDelta expects them).
 */
abstract class Webhook_Gateway_Bridge_Table {

	/**
	 * Rows deleted per pruning call at the most; the next cron run takes the rest.
	 */
	const PRUNE_BATCH = 500;

	/**
	 * The table's name.
	 *
	 * @return string
	 */
	public static function table() {
		global $wpdb;
		return $wpdb->prefix . static::NAME;
	}

	/**
	 * CREATE TABLE statement in the form dbDelta expects.
	 *
	 * @param string $collate Charset and collation clause.
	 * @return string
	 */
	public static function schema( $collate ) {
		return 'CREATE TABLE ' . static::table() . " (\n" . static::COLUMNS . "\n) {$collate};";
	}

	/**
	 * Deletes rows whose datetime column is more than a retention before now, and that match every
	 * further condition.
	 *
	 * @param string               $column Datetime column (a name from this code, never from input).
	 * @param int                  $days   Retention in days.
	 * @param int                  $now    Unix seconds.
	 * @param array<string,string> $where  Column (a name from this code) => value it must have.
	 * @return void
	 */
	protected static function delete_older_than( $column, $days, $now, array $where = array() ) {
		global $wpdb;
		$table = static::table();
		$sql   = "DELETE FROM {$table} WHERE {$column} < %s";
		$args  = array( gmdate( 'Y-m-d H:i:s', $now - $days * DAY_IN_SECONDS ) );
		foreach ( $where as $name => $value ) {
			$sql   .= " AND {$name} = %s";
			$args[] = $value;
		}
		$args[] = self::PRUNE_BATCH;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.PreparedSQL.NotPrepared -- the plugin's own table; only names from this code are interpolated, values go through prepare().
		$wpdb->query( $wpdb->prepare( $sql . ' LIMIT %d', $args ) );
	}
}
