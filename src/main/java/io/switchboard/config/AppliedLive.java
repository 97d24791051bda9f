package io.switchboard.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the part of a section that {@link DirectoryReloader} puts in force while the server runs. Everything not
 * marked needs a restart, which {@link SwitchboardConfig#changesNeedingRestart} finds without being told: a new
 * setting is on the safe side by default.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
@interface AppliedLive {
}
