// Imported first by the local entry points: Powertools and the SDK read these when their modules load.
// Metrics would print EMF blobs and the tracer would look for X-Ray; neither exists locally. Handler logs
// at WARN keep the terminal readable; POWERTOOLS_LOG_LEVEL=INFO shows every line the functions write.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
