// Loads every schema table (each module registers its messages when imported).
import './process';
import './files';
import './namespaces';
import './network';
import './arch';
