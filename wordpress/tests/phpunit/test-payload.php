<?php
/**
 * Which transitions are events and what an event body holds.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * Payload.
 */
class Test_Webhook_Gateway_Bridge_Payload extends Webhook_Gateway_Bridge_Test_Case {

	/**
	 * Transitions and their events.
	 *
	 * @return array<string,array{string,string,string|null}>
	 */
	public static function transitions() {
		return array(
			'draft published'        => array( 'publish', 'draft', 'post.published' ),
			'new post published'     => array( 'publish', 'new', 'post.published' ),
			'scheduled post goes live' => array( 'publish', 'future', 'post.published' ),
			'private made public'    => array( 'publish', 'private', 'post.published' ),
			'published post saved'   => array( 'publish', 'publish', 'post.updated' ),
			'back to draft'          => array( 'draft', 'publish', 'post.unpublished' ),
			'made private'           => array( 'private', 'publish', 'post.unpublished' ),
			'published post trashed' => array( 'trash', 'publish', 'post.trashed' ),
			'draft saved'            => array( 'draft', 'draft', null ),
			'auto-draft created'     => array( 'auto-draft', 'new', null ),
			'draft trashed'          => array( 'trash', 'draft', null ),
			'restored from trash'    => array( 'draft', 'trash', null ),
		);
	}

	/**
	 * @dataProvider transitions
	 *
	 * @param string      $new_status New status.
	 * @param string      $old_status Old status.
	 * @param string|null $expected   Event.
	 */
	public function test_maps_a_status_change_to_its_event( $new_status, $old_status, $expected ) {
		$this->assertSame( $expected, Webhook_Gateway_Bridge_Payload::event_for_transition( $new_status, $old_status ) );
	}

	public function test_builds_the_body_of_a_published_post_with_its_terms() {
		$category = wp_insert_term( 'Automation', 'category' );
		$this->assertIsArray( $category );
		$post = $this->create_post(
			array(
				'post_title'    => 'Hello <em>world</em>',
				'post_status'   => 'publish',
				'post_category' => array( $category['term_id'] ),
				'tags_input'    => array( 'news', 'webhooks' ),
			)
		);

		$body = Webhook_Gateway_Bridge_Payload::build( $post, 'post.published', time() );
		wp_delete_term( $category['term_id'], 'category' );

		$this->assertSame(
			array(
				'event'        => 'post.published',
				'post_id'      => $post->ID,
				'post_type'    => 'post',
				'status'       => 'publish',
				'title'        => 'Hello world',
				'url'          => WP_HOME . '/?p=' . $post->ID,
				'modified_gmt' => str_replace( ' ', 'T', $post->post_modified_gmt ) . 'Z',
				'author'       => $this->user_id( 'editor' ),
				'categories'   => array( 'Automation' ),
				'tags'         => array( 'news', 'webhooks' ),
				'site'         => WP_HOME,
			),
			$body
		);
	}

	public function test_a_page_has_no_categories_or_tags() {
		$page = $this->create_post( array( 'post_type' => 'page', 'post_status' => 'publish' ) );

		$body = Webhook_Gateway_Bridge_Payload::build( $page, 'post.published', time() );

		$this->assertSame( array( array(), array() ), array( $body['categories'], $body['tags'] ) );
	}

	public function test_a_deletion_is_stamped_with_the_current_time() {
		$post = $this->create_post( array( 'post_status' => 'publish', 'post_date_gmt' => '2020-01-01 00:00:00' ) );

		$body = Webhook_Gateway_Bridge_Payload::build( $post, 'post.deleted', 1700000000 );

		$this->assertSame( array( 'deleted', '2023-11-14T22:13:20Z' ), array( $body['status'], $body['modified_gmt'] ) );
	}
}
