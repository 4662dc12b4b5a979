package io.github.visionj.decode;

import java.util.EnumSet;
import java.util.Set;

import java.util.List;

import org.scijava.plugin.Plugin;

import io.github.visionj.VisionJException;
import io.github.visionj.decode.DecoderSettings.Setting;
import io.github.visionj.image.FloatTensor;

/**
 * StarDist's output: channel 0 is the object probability, channels 1..R the distances in pixels
 * from each pixel's centre to the object's outline along R rays; ray k points at θ = 2πk/R with
 * dy = sin θ, dx = cos θ. Pixels above the probability threshold on a grid of every second row
 * and column propose polygons (StarDist's default grid; neighbouring pixels propose nearly the
 * same polygon); the most probable polygons suppress those they overlap by more than the NMS
 * threshold, the overlap being shared pixels over the smaller polygon's area (StarDist's
 * measure); the kept polygons are painted least probable first, so more probable objects win
 * shared pixels. Label 1 is the most probable object; its score is its probability. A model may
 * also predict on a coarser grid (every second pixel, like StarDist's grid 2), which saves it the
 * values the decoder would skip.
 */
@Plugin(type = Decoder.class, name = StarConvexDecoder.KEY)
public class StarConvexDecoder implements InstanceDecoder {

	public static final String KEY = "star-convex";

	@Override
	public String key() {
		return KEY;
	}

	@Override
	public Set<Setting> settingsRead() {
		return EnumSet.of(Setting.PROBABILITY, Setting.OVERLAP, Setting.MIN_SIZE);
	}

	@Override
	public Instances decodeInstances(FloatTensor maps, DecoderSettings settings) {
		return decodeInstances(maps, 1, Maps.width(maps), Maps.height(maps), settings);
	}

	@Override
	public Instances decodeInstances(FloatTensor maps, int grid, int width, int height, DecoderSettings settings) {
		Maps.require(maps, KEY, 4, Integer.MAX_VALUE, "[1 + R, height, width] (probability, then R ≥ 3 ray distances)");
		int rays = Maps.channels(maps) - 1;
		int[] candidates = candidates(maps, grid, (float) settings.probability());
		BoxGrid boxes = new BoxGrid(0, 0, width, height, typicalDiameter(maps, candidates));
		List<StarPolygon> kept = PolygonNms.suppress(candidates.length,
			i -> polygonAt(maps, grid, candidates[i], rays, width, height), settings.nmsIou(), boxes);
		int[] labels = new int[width * height];
		float[] scoreOf = new float[kept.size() + 1];
		for (int i = kept.size() - 1; i >= 0; i--) {
			kept.get(i).paint(labels, width, i + 1);
			scoreOf[i + 1] = kept.get(i).probability();
		}
		return Labels.finish(labels, width, height, settings.minSize(), scoreOf, null);
	}

	/**
	 * Mirroring along x turns the ray at θ into the one at π − θ (ray k into ray R/2 − k), along y
	 * into the one at −θ (ray −k), indices taken modulo R; the probability stays in channel 0.
	 */
	@Override
	public int[] channelsUnderFlip(int channels, boolean flipX, boolean flipY) {
		int rays = channels - 1;
		if (flipX && rays % 2 != 0) throw new VisionJException("This star-convex model has " + rays +
			" rays, an odd number, so its rays do not map onto each other in a mirror image; run it without augmentation.");
		int[] source = new int[channels];
		for (int k = 0; k < rays; k++) {
			int mirrored = flipY ? -k : k;
			if (flipX) mirrored = rays / 2 - mirrored;
			source[k + 1] = 1 + Math.floorMod(mirrored, rays);
		}
		return source;
	}

	/** Candidates are taken from every STRIDE-th row and column of the plane. */
	static final int STRIDE = 2;

	/**
	 * Map pixels above the threshold that lie on the candidate grid, most probable first. On an
	 * output grid of {@code grid} plane pixels, every (STRIDE / grid)-th map pixel.
	 */
	private static int[] candidates(FloatTensor maps, int grid, float threshold) {
		int mapWidth = Maps.width(maps), n = mapWidth * Maps.height(maps), every = Math.max(1, STRIDE / grid);
		float[] probability = maps.data(); // channel 0 comes first
		boolean[] above = new boolean[n];
		for (int i = 0; i < n; i++)
			above[i] = probability[i] > threshold && (i % mapWidth) % every == 0 && (i / mapWidth) % every == 0;
		return Maxima.descending(probability, above);
	}

	/** Twice the mean longest ray of the candidates: the grid cell size that suits these objects. */
	private static double typicalDiameter(FloatTensor maps, int[] candidates) {
		if (candidates.length == 0) return 1;
		double sum = 0;
		for (int i : candidates) {
			float longest = 0;
			for (int c = 1; c < Maps.channels(maps); c++)
				longest = Math.max(longest, Maps.at(maps, c, i));
			sum += longest;
		}
		return 2 * sum / candidates.length;
	}

	private static StarPolygon polygonAt(FloatTensor maps, int grid, int pixel, int rays, int width, int height) {
		int mapWidth = Maps.width(maps);
		float[] distances = new float[rays];
		for (int k = 0; k < rays; k++)
			distances[k] = Math.max(0, Maps.at(maps, k + 1, pixel));
		return StarPolygon.ofRays(pixel % mapWidth * grid, pixel / mapWidth * grid, distances, Maps.at(maps, 0, pixel), width, height);
	}
}
