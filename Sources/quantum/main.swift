import QuantumCore
import CEditLine
print("x")
