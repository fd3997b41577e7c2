<?php
/**
 * Why a forward token was refused. Plain PHP, declares a class only.
 *
 * @package Webhook_Gateway_Bridge
 */

/**
 * A token that must not be trusted. The message is for the log, never for the caller.
 */
final class Webhook_Gateway_Bridge_Jwt_Error extends RuntimeException {
}
