<?php
/**
 * What editors see on the post edit screen: the post's events with their delivery and gateway
 * status, a notice when a delivery failed for good, and the "retry now" action.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

/**
 * Meta box (classic and block editor), admin notice and retry handler.
 */
final class Webhook_Gateway_Bridge_Status_Box {

	const RETRY_ACTION = 'webhook_gateway_retry';
	const RETRIED_ARG  = 'webhook_gateway_retried';

	/**
	 * Constructor.
	 *
	 * @param Webhook_Gateway_Bridge_Outbox     $outbox     The outbox.
	 * @param Webhook_Gateway_Bridge_Deliveries $deliveries Deliveries of a post.
	 * @param Webhook_Gateway_Bridge_Sender     $sender     The sender (for "retry now").
	 */
	public function __construct(
		private readonly Webhook_Gateway_Bridge_Outbox $outbox,
		private readonly Webhook_Gateway_Bridge_Deliveries $deliveries,
		private readonly Webhook_Gateway_Bridge_Sender $sender
	) {}

	/**
	 * `add_meta_boxes`: on the configured post types, for users who can edit the post.
	 *
	 * @param string       $post_type Post type.
	 * @param WP_Post|null $post      The post being edited.
	 * @return void
	 */
	public function add_meta_box( $post_type, $post = null ) {
		if ( ! $post instanceof WP_Post || ! in_array( $post_type, Webhook_Gateway_Bridge_Config::post_types(), true ) ) {
			return;
		}
		if ( ! current_user_can( 'edit_post', $post->ID ) ) {
			return;
		}
		add_meta_box(
			Webhook_Gateway_Bridge_Plugin::SLUG,
			__( 'Webhook Gateway', 'webhook-gateway-bridge' ),
			array( $this, 'render_meta_box' ),
			$post_type,
			'side',
			'default',
			// The box only shows information: the block editor may render it without falling back.
			array( '__back_compat_meta_box' => false )
		);
	}

	/**
	 * The meta box's content.
	 *
	 * @param WP_Post $post The post.
	 * @return void
	 */
	public function render_meta_box( $post ) {
		if ( ! current_user_can( 'edit_post', $post->ID ) ) {
			return;
		}
		$items  = $this->deliveries->for_post( (int) $post->ID );
		$errors = $this->deliveries->errors_for_post( (int) $post->ID );
		if ( array() === $items ) {
			echo '<p>' . esc_html__( 'No events sent for this post yet.', 'webhook-gateway-bridge' ) . '</p>';
		} else {
			echo '<table class="widefat striped"><thead><tr>';
			echo '<th scope="col">' . esc_html__( 'Event', 'webhook-gateway-bridge' ) . '</th>';
			echo '<th scope="col">' . esc_html__( 'Delivery', 'webhook-gateway-bridge' ) . '</th>';
			echo '<th scope="col">' . esc_html__( 'Gateway', 'webhook-gateway-bridge' ) . '</th>';
			echo '</tr></thead><tbody>';
			foreach ( $items as $item ) {
				$error = $errors[ $item['idempotencyKey'] ] ?? '';
				echo '<tr>';
				echo '<td><code>' . esc_html( $item['event'] ) . '</code><br><small>' . esc_html( $this->format_time( $item['updatedAt'] ) ) . '</small></td>';
				echo '<td>' . esc_html( self::state_label( $item['state'] ) );
				if ( $item['attempts'] > 1 ) {
					/* translators: %d: number of delivery attempts */
					echo '<br><small>' . esc_html( sprintf( _n( '%d attempt', '%d attempts', $item['attempts'], 'webhook-gateway-bridge' ), $item['attempts'] ) ) . '</small>';
				}
				if ( '' !== $error ) {
					echo '<br><small>' . esc_html( $error ) . '</small>';
				}
				echo '</td>';
				echo '<td>' . esc_html( $item['gatewayStatus'] ?? '—' ) . '</td>';
				echo '</tr>';
			}
			echo '</tbody></table>';
		}
		if ( $this->outbox->count_for_post( (int) $post->ID, Webhook_Gateway_Bridge_Retry_Policy::FAILED ) > 0 ) {
			printf(
				'<p><a class="button" href="%s">%s</a></p>',
				esc_url( $this->retry_url( (int) $post->ID ) ),
				esc_html__( 'Retry failed deliveries now', 'webhook-gateway-bridge' )
			);
		}
		$last = get_post_meta( $post->ID, Webhook_Gateway_Bridge_Receiver::META_LAST_EVENT, true );
		if ( is_array( $last ) && isset( $last['eventType'], $last['recordedAt'] ) ) {
			printf(
				'<p>%s</p>',
				esc_html(
					sprintf(
						/* translators: 1: event type, 2: date and time */
						__( 'Last callback: %1$s at %2$s', 'webhook-gateway-bridge' ),
						$last['eventType'],
						$this->format_time( $last['recordedAt'] )
					)
				)
			);
		}
	}

	/**
	 * `admin_notices`: on a post's edit screen, a notice when one of its deliveries failed for good,
	 * and the outcome of a "retry now".
	 *
	 * @return void
	 */
	public function render_notice() {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( ! $screen || 'post' !== $screen->base ) {
			return;
		}
		$post_id = isset( $_GET['post'] ) ? absint( $_GET['post'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only reads which post is shown.
		if ( $post_id <= 0 || ! current_user_can( 'edit_post', $post_id ) ) {
			return;
		}
		if ( isset( $_GET[ self::RETRIED_ARG ] ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a display flag set by our own redirect.
			$count = absint( $_GET[ self::RETRIED_ARG ] ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			printf(
				'<div class="notice notice-success is-dismissible"><p>%s</p></div>',
				/* translators: %d: number of events queued again */
				esc_html( sprintf( _n( '%d event queued for delivery again.', '%d events queued for delivery again.', $count, 'webhook-gateway-bridge' ), $count ) )
			);
		}
		$failed = $this->outbox->count_for_post( $post_id, Webhook_Gateway_Bridge_Retry_Policy::FAILED );
		if ( $failed <= 0 ) {
			return;
		}
		printf(
			'<div class="notice notice-error"><p>%s <a href="%s">%s</a></p></div>',
			esc_html( self::failed_message( $failed ) ),
			esc_url( $this->retry_url( $post_id ) ),
			esc_html__( 'Retry now', 'webhook-gateway-bridge' )
		);
	}

	/**
	 * `enqueue_block_editor_assets`: the block editor hides classic admin notices, so the failed-delivery
	 * notice is raised through its own notices store there.
	 *
	 * @return void
	 */
	public function enqueue_block_editor_notice() {
		$post = get_post();
		if ( ! $post instanceof WP_Post || ! current_user_can( 'edit_post', $post->ID ) ) {
			return;
		}
		$failed = $this->outbox->count_for_post( (int) $post->ID, Webhook_Gateway_Bridge_Retry_Policy::FAILED );
		if ( $failed <= 0 ) {
			return;
		}
		// JSON with <, >, &, ' and " escaped: safe inside a script element.
		$flags = JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT;
		wp_add_inline_script(
			'wp-notices',
			sprintf(
				'wp.data.dispatch( "core/notices" ).createNotice( "error", %s, { id: "webhook-gateway-bridge-failed", isDismissible: true, actions: [ { label: %s, url: %s } ] } );',
				wp_json_encode( self::failed_message( $failed ), $flags ),
				wp_json_encode( __( 'Retry now', 'webhook-gateway-bridge' ), $flags ),
				wp_json_encode( $this->retry_url( (int) $post->ID ), $flags )
			)
		);
	}

	/**
	 * The failed-delivery message.
	 *
	 * @param int $failed Number of failed events.
	 * @return string
	 */
	private static function failed_message( $failed ) {
		/* translators: %d: number of events */
		return sprintf( _n( '%d event of this post could not be delivered to the webhook gateway.', '%d events of this post could not be delivered to the webhook gateway.', $failed, 'webhook-gateway-bridge' ), $failed );
	}

	/**
	 * `admin_post_webhook_gateway_retry`: requeues the post's failed deliveries.
	 *
	 * @return void
	 */
	public function handle_retry() {
		$post_id = isset( $_GET['post'] ) ? absint( $_GET['post'] ) : 0;
		check_admin_referer( self::RETRY_ACTION . '_' . $post_id );
		if ( $post_id <= 0 || ! current_user_can( 'edit_post', $post_id ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to retry deliveries of this post.', 'webhook-gateway-bridge' ), '', array( 'response' => 403 ) );
		}
		$count = $this->sender->retry_post( $post_id );
		$back  = get_edit_post_link( $post_id, 'url' );
		wp_safe_redirect( add_query_arg( self::RETRIED_ARG, $count, $back ? $back : admin_url() ) );
		exit;
	}

	/**
	 * The nonce'd "retry now" URL of a post, not yet escaped (escape it where it is printed).
	 *
	 * @param int $post_id Post id.
	 * @return string
	 */
	public function retry_url( $post_id ) {
		return add_query_arg(
			array(
				'action'   => self::RETRY_ACTION,
				'post'     => $post_id,
				'_wpnonce' => wp_create_nonce( self::RETRY_ACTION . '_' . $post_id ),
			),
			admin_url( 'admin-post.php' )
		);
	}

	/**
	 * A translated label for a delivery state.
	 *
	 * @param string $state pending|delivered|failed.
	 * @return string
	 */
	private static function state_label( $state ) {
		switch ( $state ) {
			case Webhook_Gateway_Bridge_Retry_Policy::DELIVERED:
				return __( 'Delivered', 'webhook-gateway-bridge' );
			case Webhook_Gateway_Bridge_Retry_Policy::FAILED:
				return __( 'Failed', 'webhook-gateway-bridge' );
			default:
				return __( 'Pending', 'webhook-gateway-bridge' );
		}
	}

	/**
	 * An ISO-8601 UTC time in the site's date and time format and time zone.
	 *
	 * @param string $iso Time.
	 * @return string
	 */
	private function format_time( $iso ) {
		$time = strtotime( $iso );
		return false === $time ? $iso : wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $time );
	}
}
