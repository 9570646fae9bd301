export declare const toolsDir: string;
export declare const helmBin: string;
export declare const kubectlBin: string;
export declare function ensureTools(): { helm: string; kubectl: string };
