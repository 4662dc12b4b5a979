package io.github.visionj.image;

/**
 * A named rectangle of one 2D plane of an image, such as a ROI's bounds, in pixels.
 *
 * @param z the slice, from 0
 * @param t the frame, from 0
 */
public record PlaneRegion(String name, int z, int t, long x, long y, long width, long height) {}
