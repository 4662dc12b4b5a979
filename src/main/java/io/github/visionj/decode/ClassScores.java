package io.github.visionj.decode;

/**
 * Class probabilities of one image, plane or ROI.
 *
 * @param probabilities one value per class of the model, in [0, 1]
 */
public record ClassScores(float[] probabilities) {

	/** Index of the most probable class. */
	public int top() {
		int best = 0;
		for (int i = 1; i < probabilities.length; i++)
			if (probabilities[i] > probabilities[best]) best = i;
		return best;
	}
}
