package io.github.visionj.model;

import java.nio.file.Path;

/**
 * The weights a model runs with.
 *
 * @param sha256 the file's SHA-256 in lower-case hex: checked against the description's when it gives one
 */
public record WeightsFile(WeightsFormat format, Path file, String sha256) {}
