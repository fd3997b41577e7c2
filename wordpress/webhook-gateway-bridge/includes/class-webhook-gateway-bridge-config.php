<?php
/**
 * Settings come from wp-config.php constants, with an environment variable of the same name as the
 * fallback. Secrets therefore never reach the database, backups of it or the options screen.
 *
 * @package Webhook_Gateway_Bridge
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads the plugin's constants.
 */
final class Webhook_Gateway_Bridge_Config {

	const URL    = 'WEBHOOK_GATEWAY_URL';
	const SECRET = 'WEBHOOK_GATEWAY_SECRET';

	/**
	 * The forward tokens' keys, current first, each with the setting that holds its secret.
	 *
	 * @var array<string,string>
	 */
	const JWT_KEYS = array(
		'current'  => 'WEBHOOK_GATEWAY_JWT_SECRET',
		'previous' => 'WEBHOOK_GATEWAY_JWT_PREVIOUS_SECRET',
	);

	const STATUS_URL   = 'WEBHOOK_GATEWAY_STATUS_URL';
	const STATUS_TOKEN = 'WEBHOOK_GATEWAY_STATUS_TOKEN';
	const POST_TYPES   = 'WEBHOOK_GATEWAY_POST_TYPES';

	/**
	 * Every constant the plugin reads, in the order the settings page lists them.
	 *
	 * @var string[]
	 */
	const NAMES = array(
		self::URL,
		self::SECRET,
		self::JWT_KEYS['current'],
		self::JWT_KEYS['previous'],
		self::STATUS_URL,
		self::STATUS_TOKEN,
		self::POST_TYPES,
	);

	/**
	 * The value of a setting, '' when it is set nowhere.
	 *
	 * @param string $name One of the NAMES.
	 * @return string
	 */
	public static function get( $name ) {
		if ( defined( $name ) ) {
			$value = constant( $name );
			return is_scalar( $value ) ? trim( (string) $value ) : '';
		}
		$value = getenv( $name );
		return false === $value ? '' : trim( $value );
	}

	/**
	 * Whether a setting has a non-empty value.
	 *
	 * @param string $name One of the NAMES.
	 * @return bool
	 */
	public static function is_set( $name ) {
		return '' !== self::get( $name );
	}

	/**
	 * Whether events can be sent: the gateway URL and its signing secret are both set.
	 *
	 * @return bool
	 */
	public static function can_send() {
		return self::is_set( self::URL ) && self::is_set( self::SECRET );
	}

	/**
	 * Post types whose changes are sent (default post and page).
	 *
	 * @return string[]
	 */
	public static function post_types() {
		$value = self::is_set( self::POST_TYPES ) ? self::get( self::POST_TYPES ) : 'post,page';
		$types = array_filter( array_map( 'sanitize_key', explode( ',', $value ) ) );
		/**
		 * Filters the post types whose changes are sent to the gateway.
		 *
		 * @param string[] $types Post type names.
		 */
		return array_values( array_unique( (array) apply_filters( 'webhook_gateway_post_types', $types ) ) );
	}

	/**
	 * The gateway's source id: the last path segment of the webhook URL (`…/webhooks/<sourceId>`).
	 *
	 * @return string
	 */
	public static function source_id() {
		$path = (string) wp_parse_url( self::get( self::URL ), PHP_URL_PATH );
		$parts = explode( '/', trim( $path, '/' ) );
		return rawurldecode( (string) end( $parts ) );
	}

	/**
	 * JWT keys for the forward callbacks, current first; empty ones are left out.
	 *
	 * @return array<string,string> Key name (current|previous) => secret.
	 */
	public static function jwt_secrets() {
		return array_filter( array_map( array( self::class, 'get' ), self::JWT_KEYS ), 'strlen' );
	}

	/**
	 * The status API base, ending in a slash, or '' when unset.
	 *
	 * @return string
	 */
	public static function status_base() {
		$base = self::get( self::STATUS_URL );
		return '' === $base ? '' : trailingslashit( $base );
	}

	/**
	 * The audience the gateway puts in its tokens: the origin of the receiver URL, i.e. the site's.
	 *
	 * @return string
	 */
	public static function site_origin() {
		$parts  = wp_parse_url( home_url() );
		$scheme = strtolower( $parts['scheme'] ?? 'http' );
		$origin = $scheme . '://' . strtolower( $parts['host'] ?? '' );
		$port   = $parts['port'] ?? null;
		// Like WHATWG URL's origin: a default port is not part of it.
		if ( null !== $port && ! ( ( 'http' === $scheme && 80 === $port ) || ( 'https' === $scheme && 443 === $port ) ) ) {
			$origin .= ':' . $port;
		}
		/**
		 * Filters the audience a forward token must carry (e.g. behind a proxy with another public origin).
		 *
		 * @param string $origin The site's origin, like `https://blog.example`.
		 */
		return (string) apply_filters( 'webhook_gateway_jwt_audience', $origin );
	}
}
