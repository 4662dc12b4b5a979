package io.github.visionj.decode;

import java.util.EnumSet;
import java.util.Set;

import org.scijava.plugin.Plugin;

import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.image.FloatTensor;

/**
 * One channel holding the probability of the object class. Semantic: class 1 where the
 * probability exceeds the threshold (the map itself is the class probability). Instance: the thresholded mask is split by a seeded
 * watershed on its distance transform, with one seed per h-maximum of the (lightly smoothed)
 * distance, so touching round objects separate while a bump on an outline does not. The score of
 * an object is its mean probability.
 */
@Plugin(type = Decoder.class, name = ForegroundDecoder.KEY)
public class ForegroundDecoder implements InstanceDecoder, SemanticDecoder {

	public static final String KEY = "foreground";

	/**
	 * How far (in pixels) a distance maximum must rise above the pass to a higher one to seed its own object:
	 * as deep as ImageJ's EDM watershed splits (docs/models.md measures both on the same maps).
	 */
	private static final float SEED_DEPTH = 0.25f;

	private static final String LAYOUT = "[1, height, width] (object probability)";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public Set<Setting> settingsRead() {
		return EnumSet.of(Setting.PROBABILITY, Setting.MIN_SIZE);
	}

	@Override
	public ClassMap decodeClasses(FloatTensor maps, DecoderSettings settings) {
		Maps.require(maps, KEY, 1, 1, LAYOUT);
		boolean[] mask = foreground(maps, settings);
		int[] classes = new int[mask.length];
		for (int i = 0; i < mask.length; i++)
			classes[i] = mask[i] ? 1 : 0;
		return new ClassMap(classes, Maps.width(maps), Maps.height(maps), maps);
	}

	@Override
	public Instances decodeInstances(FloatTensor maps, DecoderSettings settings) {
		Maps.require(maps, KEY, 1, 1, LAYOUT);
		int width = Maps.width(maps), height = Maps.height(maps);
		boolean[] mask = foreground(maps, settings);
		float[] distance = smooth(DistanceTransform.of(mask, width, height), width, height);
		int[] seeds = Maxima.seeds(distance, mask, width, height, SEED_DEPTH);
		float[] relief = new float[distance.length];
		for (int i = 0; i < relief.length; i++)
			relief[i] = -distance[i];
		int[] labels = Watershed.flood(relief, seeds, mask, width, height);
		float[] scoreOf = Labels.meanPerLabel(labels, maps.data(), Labels.max(labels));
		return Labels.finish(labels, width, height, settings.minSize(), scoreOf, null);
	}

	private static boolean[] foreground(FloatTensor maps, DecoderSettings settings) {
		boolean[] mask = new boolean[Maps.width(maps) * Maps.height(maps)];
		for (int i = 0; i < mask.length; i++)
			mask[i] = Maps.at(maps, 0, i) > settings.probability();
		return mask;
	}

	/** 3×3 binomial blur (edges repeated), so pixel-scale ripples of the distance give no extra maxima. */
	private static float[] smooth(float[] v, int width, int height) {
		float[] rows = new float[v.length], out = new float[v.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				int i = y * width + x;
				rows[i] = (v[i - x + Math.max(x - 1, 0)] + 2 * v[i] + v[i - x + Math.min(x + 1, width - 1)]) / 4;
			}
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				out[y * width + x] = (rows[Math.max(y - 1, 0) * width + x] + 2 * rows[y * width + x] +
					rows[Math.min(y + 1, height - 1) * width + x]) / 4;
		return out;
	}
}
