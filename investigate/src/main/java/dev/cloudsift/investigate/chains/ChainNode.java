package dev.cloudsift.investigate.chains;

import dev.cloudsift.core.Nullable;
import java.util.List;

/**
 * One set of credentials in a chain, with how it was issued and what it issued in turn.
 *
 * @param issuedBy  the call that issued this key, null for the root of the tree (a long-term key, or one whose
 *                  issuance is not in the case)
 * @param note      why the walk stopped here (cycle, depth bound), or null
 */
public record ChainNode(KeyActivity activity, @Nullable Issuance issuedBy, List<ChainNode> children, @Nullable String note) {
    public ChainNode {
        children = List.copyOf(children);
    }
}
