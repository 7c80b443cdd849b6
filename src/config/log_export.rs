//! The [`Config`] choices for where log records are sent besides (or
//! instead of) the log output: [`LogExport`], the OTLP settings for logs
//! and the batch log record processor.

use super::{BatchSettings, Config, LogExport, OtlpSettings};

impl Config {
    /// Where log records are sent: the log output, OTLP, both or nowhere
    /// (`OTEL_LOGS_EXPORTER`); see [`LogExport`].
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Config, LogExport};
    ///
    /// // JSON lines on stdout for `kubectl logs`, and OTLP to the collector.
    /// let config = Config::new().log_export(LogExport::OutputAndOtlp);
    /// assert_eq!(config.get_log_export(), LogExport::OutputAndOtlp);
    /// ```
    pub fn log_export(mut self, export: LogExport) -> Config {
        self.log_export = export;
        self
    }

    /// Where log records will be sent.
    pub fn get_log_export(&self) -> LogExport {
        self.log_export
    }

    /// Sets where and how log records are sent over OTLP, when they differ
    /// from the spans' settings ([`otlp`](Config::otlp)); the
    /// environment's `OTEL_EXPORTER_OTLP_LOGS_*` variables set these, the
    /// generic `OTEL_EXPORTER_OTLP_*` ones both.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Config, LogExport, OtlpProtocol, OtlpSettings};
    ///
    /// let config = Config::new()
    ///     .otlp(OtlpSettings::new().base_endpoint("http://traces:4318"))
    ///     .log_export(LogExport::Otlp)
    ///     .otlp_logs(OtlpSettings::new().protocol(OtlpProtocol::Grpc).base_endpoint("http://logs:4317"));
    /// assert_eq!(config.get_otlp_logs().logs_endpoint(), "http://logs:4317");
    /// assert_eq!(config.get_otlp().traces_endpoint(), "http://traces:4318/v1/traces");
    /// ```
    pub fn otlp_logs(mut self, settings: OtlpSettings) -> Config {
        self.otlp_logs = Some(settings);
        self
    }

    /// The OTLP settings log records use: those given by
    /// [`otlp_logs`](Config::otlp_logs) (or `OTEL_EXPORTER_OTLP_LOGS_*`),
    /// else those of spans without a spans-only URL.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Config, OtlpSettings};
    ///
    /// let config = Config::new().otlp(OtlpSettings::new().base_endpoint("http://collector:4318"));
    /// assert_eq!(config.get_otlp_logs().logs_endpoint(), "http://collector:4318/v1/logs");
    /// ```
    pub fn get_otlp_logs(&self) -> OtlpSettings {
        match &self.otlp_logs {
            Some(settings) => settings.clone(),
            None => self.otlp.for_another_signal(),
        }
    }

    /// Sets the batch log record processor's queue, batch size, delay and
    /// export timeout (`OTEL_BLRP_*`; defaults:
    /// [`BatchSettings::for_logs`]). A record emitted while the queue is
    /// full is dropped and counted.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use telemetry_facade::{BatchSettings, Config};
    ///
    /// let mut batch = BatchSettings::for_logs();
    /// batch.max_queue_size = 8192;
    /// let config = Config::new().log_batch(batch);
    /// assert_eq!(config.get_log_batch().max_queue_size, 8192);
    ///
    /// let from_env = Config::from_vars([("OTEL_BLRP_SCHEDULE_DELAY", "200")]);
    /// assert_eq!(from_env.get_log_batch().schedule_delay, Duration::from_millis(200));
    /// ```
    pub fn log_batch(mut self, batch: BatchSettings) -> Config {
        let (batch, problems) = batch.checked();
        for problem in problems {
            self.warnings.push(format!("Config::log_batch: {problem}"));
        }
        self.log_batch = batch;
        self
    }

    /// The batch log record processor's settings.
    pub fn get_log_batch(&self) -> BatchSettings {
        self.log_batch
    }
}
