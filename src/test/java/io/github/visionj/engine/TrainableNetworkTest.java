package io.github.visionj.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Model;
import ai.djl.pytorch.engine.PtSymbolBlock;
import io.github.visionj.engine.TrainableNetwork.BinaryCrossEntropy;
import io.github.visionj.image.FloatTensor;

/** Freezing: an Adam step changes the trained parameter tensors of the bundled `nuclei` and leaves the frozen ones as they were. */
class TrainableNetworkTest {

	@Test
	void aStepChangesOnlyTheTrainedTensors(@TempDir Path dir) throws Exception {
		Path weights = TestModelCache.get("nuclei").description().weights().file();
		Path stepped = dir.resolve("stepped.pt");
		Set<String> trained = Set.of("prob.weight", "prob.bias", "head.weight");
		try (TrainableNetwork net = TrainableNetwork.load(weights, 1e-3, 0)) {
			assertEquals(68, net.weights().size());
			net.trainOnly(trained);
			Random random = new Random(3);
			FloatTensor input = FloatTensor.zeros(1, 3, 64, 64), target = FloatTensor.zeros(1, 1, 32, 32);
			for (int i = 0; i < input.data().length; i++)
				input.data()[i] = random.nextFloat();
			for (int i = 0; i < target.data().length; i++)
				target.data()[i] = random.nextBoolean() ? 1 : 0;
			net.step(input, target, List.of(new BinaryCrossEntropy(0, 0, 1)));
			net.save(stepped);
		}
		Map<String, float[]> before = values(weights), after = values(stepped);
		assertEquals(before.keySet(), after.keySet());
		for (String name : before.keySet())
			if (trained.contains(name)) assertFalse(java.util.Arrays.equals(before.get(name), after.get(name)), name + " was trained");
			else assertArrayEquals(before.get(name), after.get(name), name + " is frozen");
	}

	private static Map<String, float[]> values(Path weights) throws Exception {
		try (Model model = Model.newInstance("values", "PyTorch")) {
			model.load(weights, null, Map.of("mapLocation", "true"));
			Map<String, float[]> values = new LinkedHashMap<>();
			((PtSymbolBlock) model.getBlock()).getParameters().forEach(p -> values.put(p.getKey(), p.getValue().getArray().toFloatArray()));
			return values;
		}
	}
}
