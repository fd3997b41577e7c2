<?php
/**
 * Settings → Webhook Gateway: which constants are set (never their values), the outbox counts and
 * a "send test event" button. Nothing is edited here: secrets live in wp-config.php only.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

/**
 * The settings page and its test-event action.
 */
final class Webhook_Gateway_Bridge_Settings {

	const TEST_ACTION = 'webhook_gateway_send_test';
	const RESULT_ARG  = 'webhook_gateway_test';
	const CODE_ARG    = 'webhook_gateway_code';

	/**
	 * Constructor.
	 *
	 * @param Webhook_Gateway_Bridge_Outbox $outbox The outbox.
	 * @param Webhook_Gateway_Bridge_Sender $sender The sender.
	 */
	public function __construct(
		private readonly Webhook_Gateway_Bridge_Outbox $outbox,
		private readonly Webhook_Gateway_Bridge_Sender $sender
	) {}

	/**
	 * `admin_menu`.
	 *
	 * @return void
	 */
	public function add_page() {
		add_options_page(
			__( 'Webhook Gateway', 'webhook-gateway-bridge' ),
			__( 'Webhook Gateway', 'webhook-gateway-bridge' ),
			'manage_options',
			Webhook_Gateway_Bridge_Plugin::SLUG,
			array( $this, 'render_page' )
		);
	}

	/**
	 * The page's address, not yet escaped.
	 *
	 * @return string
	 */
	private static function page_url() {
		return admin_url( 'options-general.php?page=' . Webhook_Gateway_Bridge_Plugin::SLUG );
	}

	/**
	 * A "Settings" link in the plugins list.
	 *
	 * @param string[] $links Action links.
	 * @return string[]
	 */
	public function action_links( $links ) {
		$links[] = sprintf(
			'<a href="%s">%s</a>',
			esc_url( self::page_url() ),
			esc_html__( 'Settings', 'webhook-gateway-bridge' )
		);
		return $links;
	}

	/**
	 * The page.
	 *
	 * @return void
	 */
	public function render_page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage options for this site.', 'webhook-gateway-bridge' ), '', array( 'response' => 403 ) );
		}
		echo '<div class="wrap">';
		echo '<h1>' . esc_html__( 'Webhook Gateway', 'webhook-gateway-bridge' ) . '</h1>';
		$this->render_test_result();

		echo '<h2>' . esc_html__( 'Configuration', 'webhook-gateway-bridge' ) . '</h2>';
		echo '<p>' . esc_html__( 'Set these in wp-config.php (or as environment variables). Values are never shown here.', 'webhook-gateway-bridge' ) . '</p>';
		echo '<table class="widefat striped"><tbody>';
		foreach ( Webhook_Gateway_Bridge_Config::NAMES as $name ) {
			$set = Webhook_Gateway_Bridge_Config::is_set( $name );
			printf(
				'<tr><th scope="row"><code>%s</code></th><td>%s</td></tr>',
				esc_html( $name ),
				$set ? esc_html__( 'set', 'webhook-gateway-bridge' ) : esc_html__( 'not set', 'webhook-gateway-bridge' )
			);
		}
		echo '</tbody></table>';

		echo '<h2>' . esc_html__( 'Outbox', 'webhook-gateway-bridge' ) . '</h2>';
		echo '<table class="widefat striped"><tbody>';
		$labels = array(
			Webhook_Gateway_Bridge_Retry_Policy::PENDING   => __( 'Pending', 'webhook-gateway-bridge' ),
			Webhook_Gateway_Bridge_Retry_Policy::DELIVERED => __( 'Delivered', 'webhook-gateway-bridge' ),
			Webhook_Gateway_Bridge_Retry_Policy::FAILED    => __( 'Failed', 'webhook-gateway-bridge' ),
		);
		foreach ( $this->outbox->counts() as $state => $count ) {
			printf(
				'<tr><th scope="row">%s</th><td data-state="%s">%s</td></tr>',
				esc_html( $labels[ $state ] ?? $state ),
				esc_attr( $state ),
				esc_html( number_format_i18n( $count ) )
			);
		}
		echo '</tbody></table>';

		echo '<h2>' . esc_html__( 'Test', 'webhook-gateway-bridge' ) . '</h2>';
		if ( Webhook_Gateway_Bridge_Config::can_send() ) {
			echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
			echo '<input type="hidden" name="action" value="' . esc_attr( self::TEST_ACTION ) . '">';
			wp_nonce_field( self::TEST_ACTION );
			submit_button( __( 'Send test event', 'webhook-gateway-bridge' ), 'secondary', 'submit', false );
			echo '</form>';
		} else {
			echo '<p>' . esc_html__( 'Set WEBHOOK_GATEWAY_URL and WEBHOOK_GATEWAY_SECRET to send events.', 'webhook-gateway-bridge' ) . '</p>';
		}
		echo '</div>';
	}

	/**
	 * `admin_post_webhook_gateway_send_test`: sends a test event now and reports the answer.
	 *
	 * @return void
	 */
	public function handle_send_test() {
		check_admin_referer( self::TEST_ACTION );
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage options for this site.', 'webhook-gateway-bridge' ), '', array( 'response' => 403 ) );
		}
		$row  = $this->sender->send_test_event();
		$args = array( self::RESULT_ARG => null === $row ? 'unconfigured' : $row->state );
		if ( null !== $row && null !== $row->last_status_code ) {
			$args[ self::CODE_ARG ] = (int) $row->last_status_code;
		}
		wp_safe_redirect( add_query_arg( $args, self::page_url() ) );
		exit;
	}

	/**
	 * The outcome of the last "send test event".
	 *
	 * @return void
	 */
	private function render_test_result() {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- display flags set by our own redirect.
		if ( ! isset( $_GET[ self::RESULT_ARG ] ) ) {
			return;
		}
		$result = sanitize_key( wp_unslash( $_GET[ self::RESULT_ARG ] ) );
		$code   = isset( $_GET[ self::CODE_ARG ] ) ? absint( $_GET[ self::CODE_ARG ] ) : 0;
		// phpcs:enable
		switch ( $result ) {
			case Webhook_Gateway_Bridge_Retry_Policy::DELIVERED:
				/* translators: %d: HTTP status code */
				$message = sprintf( __( 'The gateway accepted the test event (HTTP %d).', 'webhook-gateway-bridge' ), $code );
				$class   = 'notice-success';
				break;
			case Webhook_Gateway_Bridge_Retry_Policy::PENDING:
				$message = __( 'The gateway did not take the test event yet; it will be retried.', 'webhook-gateway-bridge' );
				$class   = 'notice-warning';
				break;
			case Webhook_Gateway_Bridge_Retry_Policy::FAILED:
				/* translators: %d: HTTP status code */
				$message = sprintf( __( 'The gateway refused the test event (HTTP %d). Check the URL and the secret.', 'webhook-gateway-bridge' ), $code );
				$class   = 'notice-error';
				break;
			default:
				$message = __( 'Set WEBHOOK_GATEWAY_URL and WEBHOOK_GATEWAY_SECRET to send events.', 'webhook-gateway-bridge' );
				$class   = 'notice-error';
		}
		printf( '<div class="notice %s"><p>%s</p></div>', esc_attr( $class ), esc_html( $message ) );
	}
}
