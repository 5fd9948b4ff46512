package io.workshopmonitor.config;

/** Bad configuration: the message names the key, the environment variable and the fix, on one line. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
