<?php
/**
 * Which post transitions are events and what an event's body holds.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

/**
 * Builds the outbound event body (`post.published|updated|unpublished|trashed|deleted`).
 */
final class Webhook_Gateway_Bridge_Payload {

	/**
	 * The events no status change causes; event_for_transition() names the others.
	 */
	const DELETED = 'post.deleted';
	const TEST    = 'test.ping';

	/**
	 * The event a status change is, or null when it is none. Events are about published content:
	 * a draft that never went live is nobody's business downstream.
	 *
	 * @param string $new_status Status after the change.
	 * @param string $old_status Status before the change.
	 * @return string|null
	 */
	public static function event_for_transition( $new_status, $old_status ) {
		if ( 'publish' === $new_status ) {
			return 'publish' === $old_status ? 'post.updated' : 'post.published';
		}
		if ( 'publish' !== $old_status ) {
			return null;
		}
		return 'trash' === $new_status ? 'post.trashed' : 'post.unpublished';
	}

	/**
	 * The event body for a post.
	 *
	 * @param WP_Post $post  The post (still present, also for post.deleted).
	 * @param string  $event One of the event names.
	 * @param int     $now   Unix seconds.
	 * @return array<string,mixed>
	 */
	public static function build( WP_Post $post, $event, $now ) {
		return array(
			'event'        => $event,
			'post_id'      => (int) $post->ID,
			'post_type'    => $post->post_type,
			'status'       => self::DELETED === $event ? 'deleted' : $post->post_status,
			'title'        => wp_strip_all_tags( $post->post_title ),
			'url'          => (string) get_permalink( $post ),
			'modified_gmt' => self::modified_gmt( $post, $event, $now ),
			'author'       => (int) $post->post_author,
			'categories'   => self::term_names( $post, 'category' ),
			'tags'         => self::term_names( $post, 'post_tag' ),
			'site'         => untrailingslashit( home_url() ),
		);
	}

	/**
	 * The body of the settings page's test event (entity 0, so it never orders against a post).
	 *
	 * @param int $now Unix seconds.
	 * @return array<string,mixed>
	 */
	public static function test_event( $now ) {
		return array(
			'event'        => self::TEST,
			'post_id'      => 0,
			'modified_gmt' => gmdate( 'Y-m-d\TH:i:s\Z', $now ),
			'site'         => untrailingslashit( home_url() ),
		);
	}

	/**
	 * When the change happened, in UTC. The gateway orders events of one post by it (a replayed
	 * older event is skipped as stale), so a deletion — which leaves the modified date alone — is
	 * stamped with the current time.
	 *
	 * @param WP_Post $post  The post.
	 * @param string  $event Event name.
	 * @param int     $now   Unix seconds.
	 * @return string
	 */
	private static function modified_gmt( WP_Post $post, $event, $now ) {
		$modified = strtotime( $post->post_modified_gmt . ' UTC' );
		if ( self::DELETED === $event || '0000-00-00 00:00:00' === $post->post_modified_gmt || false === $modified ) {
			$modified = $now;
		}
		return gmdate( 'Y-m-d\TH:i:s\Z', $modified );
	}

	/**
	 * Term names of a taxonomy, [] when the post type does not use it.
	 *
	 * @param WP_Post $post     The post.
	 * @param string  $taxonomy Taxonomy name.
	 * @return string[]
	 */
	private static function term_names( WP_Post $post, $taxonomy ) {
		if ( ! is_object_in_taxonomy( $post->post_type, $taxonomy ) ) {
			return array();
		}
		$names = wp_get_post_terms( $post->ID, $taxonomy, array( 'fields' => 'names' ) );
		return is_array( $names ) ? array_values( array_map( 'strval', $names ) ) : array();
	}
}
