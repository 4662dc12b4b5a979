package io.github.visionj.pipeline;

/**
 * One unit of work in a stack: a 2D plane at (z, t), or for a 3D model the whole volume at t
 * ({@code z == ALL}). Indices are 0-based.
 */
public record Plane(int z, int t) implements java.io.Serializable {

	public static final int ALL = -1;

	public boolean isVolume() {
		return z == ALL;
	}
}
