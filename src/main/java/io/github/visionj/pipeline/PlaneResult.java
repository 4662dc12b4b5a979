package io.github.visionj.pipeline;

/** A result of one {@link Plane}. */
public record PlaneResult<R>(Plane plane, R result) {}
