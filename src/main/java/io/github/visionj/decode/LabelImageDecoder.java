package io.github.visionj.decode;

import java.util.EnumSet;
import java.util.Set;

import java.util.Arrays;

import org.scijava.plugin.Plugin;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.image.FloatTensor;

/**
 * One channel of integer object ids (as floats, rounded), ids ≤ 0 being background. Each id is
 * one object even when its pixels are not connected; objects are renumbered 1..N in the order
 * of their old ids. Objects have score 1: the model gives no confidence.
 */
@Plugin(type = Decoder.class, name = LabelImageDecoder.KEY)
public class LabelImageDecoder implements InstanceDecoder {

	public static final String KEY = "label-image";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public Set<Setting> settingsRead() {
		return EnumSet.of(Setting.MIN_SIZE);
	}

	@Override
	public int[] channelsUnderFlip(int channels, boolean flipX, boolean flipY) {
		throw new VisionJException("Decoder '" + KEY + "' reads object ids, and ids from mirrored copies of the image " +
			"cannot be averaged; run this model without augmentation.");
	}

	@Override
	public Instances decodeInstances(FloatTensor maps, DecoderSettings settings) {
		Maps.require(maps, KEY, 1, 1, "[1, height, width] (integer object ids)");
		long[] ids = new long[maps.data().length];
		for (int i = 0; i < ids.length; i++)
			ids[i] = Math.round((double) maps.data()[i]);
		long[] distinct = Arrays.stream(ids).filter(id -> id > 0).distinct().sorted().toArray();
		int[] labels = new int[ids.length];
		for (int i = 0; i < ids.length; i++)
			if (ids[i] > 0) labels[i] = Arrays.binarySearch(distinct, ids[i]) + 1;
		float[] scoreOf = new float[distinct.length + 1];
		Arrays.fill(scoreOf, 1f);
		return Labels.finish(labels, Maps.width(maps), Maps.height(maps), settings.minSize(), scoreOf, null);
	}
}
