package io.kvm4nfv.node;

/** The node contract against a local process. */
class LocalNodeIT extends NodeContract {
    private final LocalNode node = new LocalNode("local");

    @Override
    Node node() {
        return node;
    }
}
