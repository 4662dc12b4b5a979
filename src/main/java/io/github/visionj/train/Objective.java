package io.github.visionj.train;

import java.util.List;

import io.github.visionj.VisionJException;
import io.github.visionj.engine.TrainableNetwork.BinaryCrossEntropy;
import io.github.visionj.engine.TrainableNetwork.CrossEntropy;
import io.github.visionj.engine.TrainableNetwork.Term;
import io.github.visionj.engine.TrainableNetwork.WeightedL1;

/**
 * What the network learns for the decoder that reads its output: the target channels made from a
 * label image and the loss, as models/training/train.py trained the bundled models. The output must
 * already be what the decoder reads (probabilities, not logits: VisionJ trains the TorchScript module
 * itself, its last activation included).
 *
 * @param rays star-convex: the number of ray channels (output channels 1..R), else 0
 */
public record Objective(String decoder, int outputChannels, int targetChannels, int rays, List<Term> loss) {

	/** Weight of the ray-distance loss, and the extra weight of every object pixel in it (train.py's DIST_WEIGHT, DIST_FG_WEIGHT). */
	static final double DIST_WEIGHT = 0.2, DIST_FG_WEIGHT = 0.3;

	public static final List<String> DECODERS = List.of("star-convex", "three-class", "foreground");

	/** The objective of a decoder whose network has {@code outputChannels} output channels. */
	public static Objective of(String decoder, int outputChannels) {
		switch (decoder == null ? "" : decoder) {
			case "star-convex":
				int rays = outputChannels - 1;
				if (rays < 4 || rays % 4 != 0) throw new VisionJException("A star-convex model needs 1 + R output channels with R a multiple of 4, " +
					"but this one has " + outputChannels + "; train a star-convex model such as 'nuclei'.");
				// channels: probability, R distances, weight of the distance loss
				return new Objective(decoder, outputChannels, rays + 2, rays,
					List.of(new BinaryCrossEntropy(0, 0, 1), new WeightedL1(1, 1, rays, rays + 1, DIST_WEIGHT)));
			case "three-class":
				requireChannels(decoder, outputChannels, 3);
				return new Objective(decoder, 3, 3, 0, List.of(new CrossEntropy(0, 0, new double[] { 1, 1, 1.5 }, 1)));
			case "foreground":
				requireChannels(decoder, outputChannels, 1);
				return new Objective(decoder, 1, 1, 0, List.of(new BinaryCrossEntropy(0, 0, 1)));
			default:
				throw new VisionJException("VisionJ trains models whose decoder is one of " + DECODERS + ", but this model's is '" + decoder +
					"'; choose a model with one of those decoders (e.g. nuclei, nuclei-semantic).");
		}
	}

	private static void requireChannels(String decoder, int actual, int expected) {
		if (actual != expected) throw new VisionJException("A " + decoder + " model needs " + expected + " output channel(s), but this one has " +
			actual + "; its description does not match its decoder.");
	}

	/** The target channels of a label image, [targetChannels][height·width]. */
	float[][] targets(int[] labels, int width, int height) {
		float[][] t = new float[targetChannels][];
		switch (decoder) {
			case "star-convex" -> {
				t[0] = Targets.objectProbability(labels, width, height);
				float[][] d = Targets.starDistances(labels, width, height, rays);
				System.arraycopy(d, 0, t, 1, rays);
				float[] w = new float[labels.length];
				for (int i = 0; i < w.length; i++)
					w[i] = t[0][i] + (labels[i] > 0 ? (float) DIST_FG_WEIGHT : 0);
				t[rays + 1] = w;
			}
			case "three-class" -> {
				int[] c = Targets.threeClass(labels, width, height);
				for (int k = 0; k < 3; k++) {
					t[k] = new float[c.length];
					for (int i = 0; i < c.length; i++)
						t[k][i] = c[i] == k ? 1 : 0;
				}
			}
			default -> {
				t[0] = new float[labels.length];
				for (int i = 0; i < labels.length; i++)
					t[0][i] = labels[i] > 0 ? 1 : 0;
			}
		}
		return t;
	}
}
