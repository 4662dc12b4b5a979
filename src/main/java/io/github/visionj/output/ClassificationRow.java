package io.github.visionj.output;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.github.visionj.decode.ClassScores;

/**
 * The predicted class of one image, plane or ROI.
 *
 * @param source what was classified: an image title, a plane or a ROI name
 * @param probabilities one per class, in the model's class order
 */
public record ClassificationRow(String source, String className, double probability, float[] probabilities) {

	public static ClassificationRow of(String source, ClassScores scores, List<String> classNames) {
		int top = scores.top();
		return new ClassificationRow(source, classNames.get(top), scores.probabilities()[top],
			scores.probabilities().clone());
	}

	/** One row per source, in order. */
	public static List<ClassificationRow> of(List<String> sources, List<ClassScores> scores, List<String> classNames) {
		List<ClassificationRow> rows = new ArrayList<>();
		for (int i = 0; i < sources.size(); i++)
			rows.add(of(sources.get(i), scores.get(i), classNames));
		return rows;
	}

	/** The class indices from the most to the least probable; equal probabilities in class order. */
	public int[] ranked() {
		return IntStream.range(0, probabilities.length).boxed()
			.sorted((a, b) -> Float.compare(probabilities[b], probabilities[a])).mapToInt(Integer::intValue).toArray();
	}
}
