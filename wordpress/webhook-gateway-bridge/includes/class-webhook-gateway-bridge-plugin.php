<?php
/**
 * Wiring: builds the services once and registers every hook of the plugin, here and nowhere else.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

require_once __DIR__ . '/class-webhook-gateway-bridge-config.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-signer.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-jwt-error.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-jwt.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-retry-policy.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-payload.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-installer.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-table.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-outbox.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-inbox.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-sender.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-gateway-status.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-deliveries.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-receiver.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-rest.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-status-box.php';
require_once __DIR__ . '/class-webhook-gateway-bridge-settings.php';

/**
 * The plugin's composition root.
 */
final class Webhook_Gateway_Bridge_Plugin {

	/**
	 * The plugin's slug: its folder and text domain, and the id of its settings page and meta box.
	 */
	const SLUG = 'webhook-gateway-bridge';

	/**
	 * The single instance, built by load().
	 *
	 * @var Webhook_Gateway_Bridge_Plugin|null
	 */
	private static $instance = null;

	/**
	 * Outbox of events to send.
	 *
	 * @var Webhook_Gateway_Bridge_Outbox
	 */
	public $outbox;

	/**
	 * Record of callbacks received.
	 *
	 * @var Webhook_Gateway_Bridge_Inbox
	 */
	public $inbox;

	/**
	 * Records post events and delivers them.
	 *
	 * @var Webhook_Gateway_Bridge_Sender
	 */
	public $sender;

	/**
	 * Deliveries of a post, with the gateway's status.
	 *
	 * @var Webhook_Gateway_Bridge_Deliveries
	 */
	public $deliveries;

	/**
	 * Takes the gateway's forward callbacks.
	 *
	 * @var Webhook_Gateway_Bridge_Receiver
	 */
	public $receiver;

	/**
	 * REST routes.
	 *
	 * @var Webhook_Gateway_Bridge_Rest
	 */
	public $rest;

	/**
	 * Meta box, admin notice and "retry now".
	 *
	 * @var Webhook_Gateway_Bridge_Status_Box
	 */
	public $status_box;

	/**
	 * Settings page.
	 *
	 * @var Webhook_Gateway_Bridge_Settings
	 */
	public $settings;

	/**
	 * Builds the services. Use load() or instance().
	 */
	private function __construct() {
		$this->outbox     = new Webhook_Gateway_Bridge_Outbox();
		$this->inbox      = new Webhook_Gateway_Bridge_Inbox();
		$this->sender     = new Webhook_Gateway_Bridge_Sender( $this->outbox );
		$this->deliveries = new Webhook_Gateway_Bridge_Deliveries( $this->outbox, new Webhook_Gateway_Bridge_Gateway_Status() );
		$this->receiver   = new Webhook_Gateway_Bridge_Receiver( $this->inbox );
		$this->rest       = new Webhook_Gateway_Bridge_Rest( $this->receiver, $this->deliveries, $this->inbox );
		$this->status_box = new Webhook_Gateway_Bridge_Status_Box( $this->outbox, $this->deliveries, $this->sender );
		$this->settings   = new Webhook_Gateway_Bridge_Settings( $this->outbox, $this->sender );
	}

	/**
	 * The running plugin.
	 *
	 * @return Webhook_Gateway_Bridge_Plugin
	 */
	public static function instance() {
		if ( null === self::$instance ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	/**
	 * Called once by the main plugin file.
	 *
	 * @param string $plugin_file Absolute path of the main plugin file.
	 * @return void
	 */
	public static function load( $plugin_file ) {
		register_activation_hook( $plugin_file, array( 'Webhook_Gateway_Bridge_Installer', 'activate' ) );
		register_deactivation_hook( $plugin_file, array( 'Webhook_Gateway_Bridge_Installer', 'deactivate' ) );
		self::instance()->register_hooks( $plugin_file );
	}

	/**
	 * Every add_action / add_filter of the plugin.
	 *
	 * @param string $plugin_file Absolute path of the main plugin file.
	 * @return void
	 */
	private function register_hooks( $plugin_file ) {
		add_action( 'init', array( $this, 'load_textdomain' ) );
		add_action( 'init', array( 'Webhook_Gateway_Bridge_Receiver', 'register_meta' ) );
		// A copied-in new version upgrades its tables without a reactivation.
		add_action( 'plugins_loaded', array( 'Webhook_Gateway_Bridge_Installer', 'maybe_upgrade' ) );

		add_action( 'transition_post_status', array( $this->sender, 'on_transition' ), 10, 3 );
		add_action( 'wp_after_insert_post', array( $this->sender, 'on_after_insert' ), 10, 2 );
		add_action( 'before_delete_post', array( $this->sender, 'on_before_delete' ), 10, 2 );
		add_action( 'shutdown', array( $this->sender, 'on_shutdown' ) );
		add_action( Webhook_Gateway_Bridge_Sender::CRON_HOOK, array( $this->sender, 'deliver_due' ), 10, 0 );
		add_action( Webhook_Gateway_Bridge_Sender::CRON_HOOK, array( $this->inbox, 'prune_expired' ), 20, 0 );

		add_action( 'rest_api_init', array( $this->rest, 'register_routes' ) );

		add_action( 'add_meta_boxes', array( $this->status_box, 'add_meta_box' ), 10, 2 );
		add_action( 'admin_notices', array( $this->status_box, 'render_notice' ) );
		add_action( 'enqueue_block_editor_assets', array( $this->status_box, 'enqueue_block_editor_notice' ) );
		add_action( 'admin_post_' . Webhook_Gateway_Bridge_Status_Box::RETRY_ACTION, array( $this->status_box, 'handle_retry' ) );

		add_action( 'admin_menu', array( $this->settings, 'add_page' ) );
		add_action( 'admin_post_' . Webhook_Gateway_Bridge_Settings::TEST_ACTION, array( $this->settings, 'handle_send_test' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( $plugin_file ), array( $this->settings, 'action_links' ) );
	}

	/**
	 * Loads translations from the plugin's languages folder (and the global one, which wins).
	 *
	 * @return void
	 */
	public function load_textdomain() {
		load_plugin_textdomain( self::SLUG, false, dirname( plugin_basename( WEBHOOK_GATEWAY_BRIDGE_FILE ) ) . '/languages' );
	}
}
