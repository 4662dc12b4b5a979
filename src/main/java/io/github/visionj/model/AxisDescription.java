package io.github.visionj.model;

import java.util.List;

/**
 * One axis of a model tensor.
 *
 * @param id normalised id: {@code b}, {@code c}, {@code i}, {@code t}, or the space axis id ({@code x}, {@code y}, {@code z})
 * @param kind what the axis means
 * @param size which lengths it may have
 * @param halo pixels to discard at each end of an output axis (0 for inputs)
 * @param channelNames names of the channels of a v0.5 channel axis; empty otherwise
 */
public record AxisDescription(String id, AxisKind kind, SizeRule size, int halo, List<String> channelNames) {

	public AxisDescription {
		channelNames = List.copyOf(channelNames);
	}
}
